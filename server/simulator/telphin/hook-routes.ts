import { message, withExtension, type ApiRoute } from './api-context';
import { hookJson, validateHook } from './hooks';

const EVENTS = /^\/extension\/([^/]+)\/event\/?$/;
const EVENT = /^\/extension\/([^/]+)\/event\/([^/]+)\/?$/;

const eventId = (raw: string | undefined) => (raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN);

/** Hook CRUD at `/extension/{extension_id}/event/` (telphin.md §4.2, errors §4.3). */
export const hookRoutes: ApiRoute[] = [
  ['GET', EVENTS, withExtension((ext, ctx) => ({ status: 200, body: ctx.hooks.list(ext.id).map(hookJson) }))],
  ['POST', EVENTS, withExtension((ext, ctx, _p, req) => {
    const checked = validateHook(req.body, ext);
    if (!checked.ok) return message(400, checked.message);
    const hook = ctx.hooks.create(ext.id, checked.value);
    return hook ? { status: 201, body: hookJson(hook) } : message(400, 'Events limit exceeded');
  })],
  ['DELETE', EVENTS, withExtension((ext, ctx) => {
    ctx.hooks.remove(ext.id);
    return { status: 204 };
  })],
  ['GET', EVENT, withExtension((ext, ctx, params) => {
    const hook = ctx.hooks.get(ext.id, eventId(params[1]));
    return hook ? { status: 200, body: hookJson(hook) } : message(404, 'Event not found');
  })],
  ['PUT', EVENT, withExtension((ext, ctx, params, req) => {
    const hook = ctx.hooks.get(ext.id, eventId(params[1]));
    if (!hook) return message(404, 'Event not found');
    const checked = validateHook(req.body, ext);
    if (!checked.ok) return message(400, checked.message);
    return { status: 200, body: hookJson(ctx.hooks.update(hook, checked.value)) };
  })],
  ['DELETE', EVENT, withExtension((ext, ctx, params) => {
    const id = eventId(params[1]);
    if (!ctx.hooks.get(ext.id, id)) return message(404, 'Event not found');
    ctx.hooks.remove(ext.id, id);
    return { status: 204 };
  })],
];

import { z } from 'zod';
import { message, withClient, type ApiRoute } from './api-context';
import { callRoutes } from './call-routes';
import { callbackRoutes } from './callback';
import { hookRoutes } from './hook-routes';
import { extensionJson } from './tenant';

const ZExtensionQuery = z.object({
  type: z.enum(['phone', 'queue', 'ivr', 'fax']).optional(),
  status: z.enum(['active', 'blocked']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(20),
});

/** The user a `client_credentials` token acts as: the admin who registered the app (telphin.md §2.3). */
const USER_ID = 4711;

const accountRoutes: ApiRoute[] = [
  ['GET', /^\/user\/?$/, (ctx) => ({
    status: 200,
    body: {
      id: USER_ID, login: `admin@${ctx.tenant.opts.prefix}`, client_id: ctx.tenant.opts.accountId, extension_id: null,
      extension_group_id: null, dealer_id: null, admin: true, access: 'all', timezone: 'Europe/Moscow',
    },
  })],
  ['GET', /^\/client\/([^/]+)\/?$/, withClient((ctx) => ({
    status: 200,
    body: { id: ctx.tenant.opts.accountId, prefix: ctx.tenant.opts.prefix, domain: ctx.tenant.opts.domain, extension_len: 3, status: 'active', timezone: 'Europe/Moscow' },
  }))],
  ['GET', /^\/client\/([^/]+)\/limit\/?$/, withClient((ctx) => ({
    // Field names of the limit resource are undocumented (telphin.md §4); these are ours.
    status: 200,
    body: { event_limit: ctx.hooks.limit, event_count: ctx.hooks.all().length },
  }))],
  ['GET', /^\/client\/([^/]+)\/extension\/?$/, withClient((ctx, _p, req) => {
    const parsed = ZExtensionQuery.safeParse(Object.fromEntries(req.query));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return message(400, `${String(issue?.path[0] ?? 'query')}: ${issue?.message ?? 'invalid'}`);
    }
    const { type, status, page, per_page } = parsed.data;
    const all = ctx.tenant.extensions.filter((e) => (!type || e.type === type) && (!status || e.status === status));
    return { status: 200, body: all.slice((page - 1) * per_page, page * per_page).map(extensionJson) };
  })],
  ['GET', /^\/client\/([^/]+)\/extension\/(\d+)\/?$/, withClient((ctx, params) => {
    const ext = ctx.tenant.byId(Number(params[1]));
    if (!ext) return message(404, 'Extension not found');
    return ext.clientId === ctx.tenant.opts.accountId ? { status: 200, body: extensionJson(ext) } : message(403, 'Forbidden');
  })],
];

/** Every `/api/ver1.0` resource of the facade, paths relative to the prefix. */
export const apiRoutes: ApiRoute[] = [...accountRoutes, ...hookRoutes, ...callbackRoutes, ...callRoutes];

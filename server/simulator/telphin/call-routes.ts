import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { DIALABLE } from '../engine/directory';
import { EngineError } from '../engine/types';
import { message, withClient, withExtension, type ApiContext, type ApiReply, type ApiRequest, type ApiRoute } from './api-context';
import { callFlow, currentCallJson, historyJson } from './call-views';
import { gmt } from './legs';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const ZHistoryQuery = z.object({
  start_datetime: z.string().regex(DATETIME, 'must be YYYY-MM-DD HH:MM:SS').optional(),
  end_datetime: z.string().regex(DATETIME, 'must be YYYY-MM-DD HH:MM:SS').optional(),
  flow: z.enum(['in', 'out', 'transfer']).optional(),
  extension_id: z.string().regex(/^\d+$/, 'must be a number').optional(),
  to_username: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(50),
  order: z.enum(['asc', 'desc']).default('desc'),
});

const ZCallAction = z.object({ action: z.enum(['transfer', 'hangup']), send_dst: z.string().optional() });

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${String(issue?.path[0] ?? 'body')}: ${issue?.message ?? 'invalid'}`;
}

function history(ctx: ApiContext, req: ApiRequest): ApiReply {
  const parsed = ZHistoryQuery.safeParse(Object.fromEntries(req.query));
  if (!parsed.success) return message(400, firstIssue(parsed.error));
  const q = parsed.data;
  const rows = ctx.tracker.history.filter((tc) => {
    const init = gmt(Math.floor(tc.initAt / 1000)) ?? '';
    if (q.start_datetime && init < q.start_datetime) return false;
    if (q.end_datetime && init > q.end_datetime) return false;
    if (q.flow && callFlow(ctx.tenant, tc) !== q.flow) return false;
    if (q.extension_id && !tc.legs.some((l) => String(l.owner.id) === q.extension_id)) return false;
    return !q.to_username || ctx.tenant.display(tc.to) === q.to_username || tc.to === q.to_username;
  });
  if (q.order === 'desc') rows.reverse();
  const page = rows.slice((q.page - 1) * q.per_page, q.page * q.per_page);
  return { status: 200, body: { page: q.page, per_page: q.per_page, order: q.order, call_history: page.map((tc) => historyJson(ctx.tenant, tc)) } };
}

/** One statistics request per client at a time (telphin.md §8.4, §8.6). */
async function exclusive(ctx: ApiContext, fn: () => ApiReply): Promise<ApiReply> {
  if (ctx.historyBusy) return message(429, 'Stats request already exists, concurrent request not allowed');
  ctx.historyBusy = true;
  try {
    await sleep(ctx.historyDelayMs);
    return fn();
  } finally {
    ctx.historyBusy = false;
  }
}

// A few bytes that start like an MP3 file: recordings are not real audio here.
const FAKE_MP3 = Buffer.from([0x49, 0x44, 0x33, 0x03, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]);

/** Live calls, call control, call history and recordings (telphin.md §8.3, §8.4). */
export const callRoutes: ApiRoute[] = [
  ['GET', /^\/client\/([^/]+)\/current_calls\/?$/, withClient((ctx) => ({
    status: 200,
    body: { call_list: ctx.tracker.live().map((tc) => currentCallJson(ctx.tenant, tc, ctx.engine.call(tc.engineId))) },
  }))],
  ['PUT', /^\/extension\/([^/]+)\/current_calls\/([^/]+)\/?$/, withExtension((ext, ctx, params, req) => {
    const tc = ctx.tracker.live().find((c) => c.callApiId === params[1]);
    if (!tc) return message(404, 'Call not found');
    const parsed = ZCallAction.safeParse(req.body ?? {});
    if (!parsed.success) return message(400, firstIssue(parsed.error));
    if (ext.number === null) return message(400, 'extension_id: not on this call');
    const dst = parsed.data.send_dst === undefined ? undefined : (ctx.tenant.resolve(parsed.data.send_dst, { byName: true })?.number ?? parsed.data.send_dst);
    try {
      if (parsed.data.action === 'hangup') ctx.engine.hangup(tc.engineId, ext.number);
      else if (dst === undefined || !DIALABLE.test(dst)) return message(400, 'send_dst: required, a number or an extension');
      else ctx.engine.transfer(tc.engineId, ext.number, dst);
    } catch (err) {
      if (err instanceof EngineError) return message(err.kind === 'not_found' ? 404 : err.kind === 'conflict' ? 409 : 400, err.message);
      throw err;
    }
    return { status: 200, body: {} };
  })],
  ['GET', /^\/client\/([^/]+)\/call_history\/?$/, withClient((ctx, _p, req) => exclusive(ctx, () => history(ctx, req)))],
  ['GET', /^\/client\/([^/]+)\/call_history\/([0-9a-f]{32})\/?$/, withClient((ctx, params) => {
    const tc = ctx.tracker.history.find((c) => c.callId === params[1]);
    return tc ? { status: 200, body: historyJson(ctx.tenant, tc) } : message(404, 'Call not found');
  })],
  ['GET', /^\/client\/([^/]+)\/record\/([^/]+)\/storage_url\/?$/, withClient((ctx, params) => {
    const found = ctx.tracker.recording(params[1] ?? '');
    if (!found) return message(404, 'Record not found');
    return { status: 200, body: { record_url: `https://storage.telphin.ru/${ctx.tenant.opts.accountId}/${params[1]}.mp3` } };
  })],
  ['GET', /^\/client\/([^/]+)\/record\/([^/]+)\/?$/, withClient((ctx, params) => {
    if (!ctx.tracker.recording(params[1] ?? '')) return message(404, 'Record not found');
    return { status: 200, raw: { type: 'audio/mpeg', data: FAKE_MP3 } };
  })],
];

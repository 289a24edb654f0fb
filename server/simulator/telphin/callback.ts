import { z } from 'zod';
import { DIALABLE, kindOf } from '../engine/directory';
import { EngineError } from '../engine/types';
import { message, withExtension, type ApiContext, type ApiReply, type ApiRoute } from './api-context';

const field = (reason: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : reason) });

/** Body of `POST /extension/{id}/callback/` (telphin.md §7); optional fields are accepted and mostly ignored. */
const ZCallback = z.object({
  src_num: z.array(z.string(), field('must be an array of numbers')).min(1, 'must not be empty'),
  dst_num: z.string(field('must be a string')).min(1, 'required'),
  allow_public_transfer: z.boolean().optional(),
  announce_sound_id: z.number().optional(),
  dst_announce_sound_id: z.number().optional(),
  call_duration: z.number().optional(),
  caller_id_name: z.string().optional(),
  caller_id_number: z.string().optional(),
  src_ani: z.string().optional(),
  dst_ani: z.string().optional(),
  src_caller_id_name: z.string().optional(),
  src_caller_id_number: z.string().optional(),
  dst_dtmf: z.string().optional(),
  transfer_after_dst_hangup: z.string().optional(),
  transfer_after_src_hangup: z.string().optional(),
  wait_for_pickup: z.number().optional(),
});

type Party = { kind: 'phone' | 'queue' | 'ivr' | 'outside'; number: string };

/** An extension name in any form (`200`, `0003*200`) or an outside number; `null` if neither. */
function partyOf(ctx: ApiContext, raw: string): Party | null {
  const ext = ctx.tenant.resolve(raw.trim(), { byName: true });
  if (ext) return ext.number === null || ext.type === 'fax' ? null : { kind: ext.type, number: ext.number };
  const number = raw.trim();
  if (!DIALABLE.test(number)) return null;
  // Numbers of the other simulated PBXs are outside numbers for this tenant.
  const kind = kindOf(ctx.engine.directory, number);
  return kind === null || kind === 'phone' ? { kind: 'outside', number } : null;
}

function startCallback(ctx: ApiContext, owner: string, body: z.infer<typeof ZCallback>): ApiReply {
  const sources: Party[] = [];
  for (const raw of body.src_num) {
    const party = partyOf(ctx, raw);
    if (!party) return message(400, `src_num: unknown number ${raw}`);
    if (party.kind === 'queue' || party.kind === 'ivr') return message(400, 'src_num: queue and IVR extensions cannot be sources');
    sources.push(party);
  }
  const dst = partyOf(ctx, body.dst_num);
  if (!dst) return message(400, `dst_num: unknown number ${body.dst_num}`);
  // The PBX rings every source and keeps the first to answer; the engine rings one: the first free phone.
  const phones = sources.filter((s) => s.kind === 'phone');
  const source = phones.find((s) => !ctx.engine.isBusy(s.number)) ?? phones[0] ?? sources[0];
  if (!source) return message(400, 'src_num: must not be empty');
  const self = source.number === owner;
  const engineId = ctx.engine.newCallId();
  ctx.tracker.expectCallback(engineId, {
    callBackId: self ? null : String(ctx.nextCallBackId++), silentOwner: self ? owner : null,
    srcCallerIdNumber: body.src_caller_id_number ?? null, srcCallerIdName: body.src_caller_id_name ?? null,
  });
  const callerId = body.caller_id_number !== undefined && DIALABLE.test(body.caller_id_number) ? body.caller_id_number : undefined;
  try {
    if (source.kind === 'phone') ctx.engine.clickToDial(source.number, dst.number, { id: engineId, source: 'api', callerId });
    else ctx.engine.placeCall(source.number, dst.number, { id: engineId, source: 'api', callerName: body.caller_id_name });
  } catch (err) {
    ctx.tracker.forgetCallback(engineId);
    if (!(err instanceof EngineError)) throw err;
    return err.kind === 'conflict' ? message(409, `src_num: ${err.message}`) : message(400, `dst_num: ${err.message}`);
  }
  const tc = ctx.tracker.get(engineId);
  if (!tc) return message(500, 'Internal Server Error');
  return { status: 201, body: { call_api_id: tc.callApiId, call_id: tc.callId } };
}

/** `POST /extension/{extension_id}/callback/` (telphin.md §7, §6.4). */
export const callbackRoutes: ApiRoute[] = [
  ['POST', /^\/extension\/([^/]+)\/callback\/?$/, withExtension((owner, ctx, _p, req) => {
    if (owner.type !== 'phone' || owner.number === null) return message(400, 'extension_id: a callback is started by a phone extension');
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) return message(400, 'body: must be a JSON object');
    const parsed = ZCallback.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return message(400, `${String(issue?.path[0] ?? 'body')}: ${issue?.message ?? 'invalid'}`);
    }
    return startCallback(ctx, owner.number, parsed.data);
  })],
];

import type { CallEngine } from '../engine/call-engine';
import { DIALABLE } from '../engine/directory';
import { EngineError } from '../engine/types';
import type { NoojeeEventLog } from './event-log';
import { bareExtension, techExtension } from './request-params';

/** Reply body of the command methods: `{"Message","Code"}`, plus `SessionID` for dial (noojee.md §2). */
export type CommandReply = { SessionID?: number; Message: string; Code: number };

export interface CommandContext {
  engine: CallEngine;
  log: NoojeeEventLog;
}

// Negative codes follow the simulator convention of noojee.md §1.5: -2 bad parameter, -3 no channel,
// -4 state does not allow it.
const fail = (Code: number, Message: string): CommandReply => ({ Message, Code });

/** A uniqueCallId, or a bare/tech/suffixed extension meaning its most recent call (A17). */
function resolveTarget(engine: CallEngine, value: string): { callId: string; extension: string | null } | null {
  if (engine.call(value)) return { callId: value, extension: null };
  const extension = bareExtension(value);
  if (extension === null) return null;
  const latest = engine.legsOn(extension).at(-1);
  return latest ? { callId: latest.call.callId, extension } : null;
}

function guarded(run: () => CommandReply): CommandReply {
  try {
    return run();
  } catch (err) {
    if (err instanceof EngineError) return fail(err.kind === 'not_found' ? -3 : err.kind === 'invalid' ? -2 : -4, err.message);
    throw err;
  }
}

function loginOf(engine: CallEngine, extension: string | undefined): string | null {
  return engine.directory.phones.find((p) => p.number === extension)?.login ?? null;
}

/** §2.2: only an inbound `Ringing` call on that extension can be answered; it becomes `Connected`. */
export function answer({ engine }: CommandContext, p: URLSearchParams): CommandReply {
  const uniqueId = p.get('uniqueId');
  const extension = bareExtension(p.get('exten') ?? '');
  if (!uniqueId) return fail(-2, 'Missing parameter uniqueId');
  if (!extension) return fail(-2, 'Missing or malformed parameter exten');
  const hit = engine.legsOn(extension).find(({ call }) => call.callId === uniqueId);
  if (!hit) return fail(-3, `No active channel for ${uniqueId} on ${extension}`);
  if (hit.leg.role !== 'callee' || hit.leg.state !== 'ringing') return fail(-4, `Call ${uniqueId} is not ringing inbound on ${extension}`);
  return guarded(() => {
    engine.answer(uniqueId, extension);
    return { Message: 'Call answered', Code: 0 };
  });
}

/** §2.3: ring the tech-prefixed agent first, then dial `number`; `record=true` records on answer. */
export function dial({ engine, log }: CommandContext, p: URLSearchParams): CommandReply {
  const number = p.get('number')?.trim() ?? '';
  const agent = techExtension(p.get('extenOrUniqueId') ?? '');
  if (!DIALABLE.test(number)) return fail(-2, 'Missing or malformed parameter number');
  if (agent === null) return fail(-2, 'extenOrUniqueId must be an extension with its technology, e.g. SIP/100');
  if (!engine.directory.phones.some((ph) => ph.number === agent && ph.site === 'A')) return fail(-3, `Unknown extension ${agent}`);
  const record = p.get('record') === 'true' ? { tag: p.get('tag'), owner: loginOf(engine, agent) } : null;
  return guarded(() => {
    const call = engine.clickToDial(agent, number, {
      source: 'api',
      autoAnswer: Boolean(p.get('autoAnswer')),
      callerId: p.get('callerId') || undefined,
      record,
    });
    return { SessionID: log.callNo(call.callId), Message: 'Originate successfully queued', Code: 0 };
  });
}

/** §2.4: by uniqueCallId the call is hung up; by extension, that handset's most recent call. */
export function hangup({ engine }: CommandContext, p: URLSearchParams): CommandReply {
  const value = p.get('extenOrUniqueId');
  if (!value) return fail(-2, 'Missing parameter extenOrUniqueId');
  const target = resolveTarget(engine, value);
  if (!target) return fail(-3, `No such channel ${value}`);
  return guarded(() => {
    engine.hangup(target.callId, target.extension ?? undefined);
    return { Message: 'Channel Hungup', Code: 0 };
  });
}

/** §2.5: start (or add a leg to) a recording; owner defaults to the user on the extension. */
export function start({ engine }: CommandContext, p: URLSearchParams): CommandReply {
  const value = p.get('extenOrUniqueId');
  if (!value) return fail(-2, 'Missing parameter extenOrUniqueId');
  const target = resolveTarget(engine, value);
  if (!target) return fail(-3, `No active channel for ${value}`);
  const firstPhone = engine.call(target.callId)?.legs[0]?.extension;
  const owner = p.get('agentLoginName') || loginOf(engine, target.extension ?? firstPhone);
  return guarded(() => {
    engine.startRecording(target.callId, { tag: p.get('tag'), owner });
    return { Message: 'Recording started', Code: 0 };
  });
}

/** §2.6: stop a recording; an `agentLoginName` the PBX does not know is refused (A9). */
export function stop({ engine }: CommandContext, p: URLSearchParams): CommandReply {
  const value = p.get('extenOrUniqueId');
  if (!value) return fail(-2, 'Missing parameter extenOrUniqueId');
  const login = p.get('agentLoginName');
  if (login !== null && !engine.directory.phones.some((ph) => ph.login.toLowerCase() === login.toLowerCase())) {
    return fail(-5, `Unknown agentLoginName ${login}`);
  }
  const target = resolveTarget(engine, value);
  if (!target) return fail(-3, `No active channel for ${value}`);
  return guarded(() => {
    engine.stopRecording(target.callId);
    return { Message: 'Recording stopped', Code: 0 };
  });
}

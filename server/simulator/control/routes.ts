import type { z } from 'zod';
import type { CallEngine } from '../engine/call-engine';
import { resolveScenario, runScenario } from '../engine/scenarios';
import type { TrafficGenerator } from '../engine/traffic';
import type { NoojeeFacade } from '../noojee/noojee-facade';
import type { SwitchvoxFacade } from '../switchvox/switchvox-facade';
import type { TelphinFacade } from '../telphin/telphin-facade';
import type { VoipNowFacade } from '../voipnow/voipnow-facade';
import { ZCompleteTransfer, ZConsult, ZCreateCall, ZFault, ZHold, ZIntercom, ZLegAction, ZPhonePatch, ZScenarioParties, ZTraffic, ZTransfer } from './schemas';
import { telphinRoutes } from './telphin-routes';

export interface ControlDeps {
  engine: CallEngine;
  traffic: TrafficGenerator;
  noojee: NoojeeFacade;
  switchvox: SwitchvoxFacade;
  telphin: TelphinFacade;
  voipnow: VoipNowFacade;
}

export interface Reply {
  status: number;
  body: unknown;
}

/** Bad input: becomes 400 `{error}`. */
export class BadRequest extends Error {}

export function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new BadRequest(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return result.data;
}

export type Handler = (deps: ControlDeps, params: string[], body: unknown) => Reply;

const ok: Reply = { status: 200, body: { ok: true } };

/** Every control route: method, path pattern, handler. Ids in paths are uniqueCallIds. */
export const routes: [string, RegExp, Handler][] = [
  ['GET', /^\/control\/directory$/, ({ engine }) => {
    const { phones, queues, ivrs, conferences } = engine.directory;
    return {
      status: 200,
      body: {
        phones: phones.map(({ number, name, login, site, accountId }) => ({ number, name, login, site, accountId: accountId ?? null })),
        queues: queues.map(({ number, name, agents, site, strategy, accountId }) => ({
          number, name, agents, site, strategy: strategy ?? 'rrmemory', accountId: accountId ?? null,
        })),
        ivrs: ivrs.map(({ number, name, site }) => ({ number, name, site })),
        conferences: conferences.map(({ number, name, site }) => ({ number, name, site })),
      },
    };
  }],
  ['GET', /^\/control\/truth$/, ({ engine }) => ({ status: 200, body: engine.truth() })],
  ['POST', /^\/control\/calls$/, ({ engine }, _p, body) => {
    const { from, to, farEnd, callerName } = parse(ZCreateCall, body);
    const call = engine.placeCall(from, to, { source: 'control', farEnd, callerName });
    return { status: 201, body: { callId: call.callId, uniqueCallId: call.callId } };
  }],
  ['POST', /^\/control\/intercom$/, ({ engine }, _p, body) => {
    const { from, to } = parse(ZIntercom, body);
    const call = engine.intercom(from, to, { source: 'control' });
    return { status: 201, body: { callId: call.callId, uniqueCallId: call.callId } };
  }],
  ['POST', /^\/control\/calls\/([^/]+)\/(hold|unhold)$/, ({ engine }, [id = '', action], body) => {
    const { extension } = parse(ZHold, body);
    if (action === 'hold') engine.hold(id, extension);
    else engine.unhold(id, extension);
    return ok;
  }],
  ['POST', /^\/control\/calls\/([^/]+)\/consult$/, ({ engine }, [id = ''], body) => {
    const { extension, to } = parse(ZConsult, body);
    const call = engine.consult(id, extension, to, { source: 'control' });
    return { status: 201, body: { callId: call.callId, uniqueCallId: call.callId } };
  }],
  ['POST', /^\/control\/calls\/([^/]+)\/complete-transfer$/, ({ engine }, [id = ''], body) => {
    engine.completeTransfer(id, parse(ZCompleteTransfer, body).consultCallId);
    return ok;
  }],
  ['POST', /^\/control\/calls\/([^/]+)\/answer$/, ({ engine }, [id = ''], body) => {
    engine.answer(id, parse(ZLegAction, body).extension);
    return ok;
  }],
  ['POST', /^\/control\/calls\/([^/]+)\/hangup$/, ({ engine }, [id = ''], body) => {
    engine.hangup(id, parse(ZLegAction, body).extension);
    return ok;
  }],
  ['POST', /^\/control\/calls\/([^/]+)\/transfer$/, ({ engine }, [id = ''], body) => {
    const { extension, to } = parse(ZTransfer, body);
    engine.transfer(id, extension, to);
    return ok;
  }],
  ['POST', /^\/control\/scenarios\/([^/]+)$/, ({ engine }, [name = ''], body) => {
    const letter = resolveScenario(name);
    if (!letter) return { status: 404, body: { error: `unknown scenario ${name}` } };
    return { status: 200, body: { scenario: letter, ...runScenario(engine, letter, parse(ZScenarioParties, body)) } };
  }],
  ['GET', /^\/control\/traffic$/, ({ traffic }) => ({ status: 200, body: traffic.status() })],
  ['POST', /^\/control\/traffic$/, ({ traffic }, _p, body) => {
    traffic.start(parse(ZTraffic, body));
    return { status: 200, body: traffic.status() };
  }],
  ['DELETE', /^\/control\/traffic$/, ({ traffic }) => {
    traffic.stop();
    return { status: 200, body: traffic.status() };
  }],
  ['GET', /^\/control\/faults$/, ({ noojee, switchvox, telphin, voipnow }) => ({
    status: 200,
    body: { noojee: noojee.faults(), switchvox: switchvox.faults(), telphin: telphin.faults(), voipnow: voipnow.faults() },
  })],
  ['POST', /^\/control\/faults$/, ({ noojee, switchvox, telphin, voipnow }, _p, body) => {
    const fault = parse(ZFault, body);
    if (fault.target === 'noojee') {
      const { target: _target, ...spec } = fault;
      noojee.injectFault(spec);
      return { status: 201, body: { ok: true, noojee: noojee.faults() } };
    }
    if (fault.target === 'telphin') {
      const { target: _target, ...spec } = fault;
      telphin.injectFault(spec);
      return { status: 201, body: { ok: true, telphin: telphin.faults() } };
    }
    if (fault.target === 'voipnow') {
      const { target: _target, ...spec } = fault;
      voipnow.injectFault(spec);
      return { status: 201, body: { ok: true, voipnow: voipnow.faults() } };
    }
    const { target: _target, ...spec } = fault;
    switchvox.injectFault(spec);
    return { status: 201, body: { ok: true, switchvox: switchvox.faults() } };
  }],
  ['DELETE', /^\/control\/faults$/, ({ noojee, switchvox, telphin, voipnow }) => {
    noojee.clearFaults();
    switchvox.clearFaults();
    telphin.clearFaults();
    voipnow.clearFaults();
    return ok;
  }],
  ['PATCH', /^\/control\/phones\/([^/]+)$/, ({ engine }, [number = ''], body) => {
    const patch = parse(ZPhonePatch, body);
    return { status: 200, body: engine.configurePhone(number, patch) };
  }],
  ...telphinRoutes,
  ['GET', /^\/control\/voipnow\/events$/, ({ voipnow }) => ({ status: 200, body: { prefix: voipnow.prefix, events: voipnow.events() } })],
  ['GET', /^\/control\/voipnow\/extensions$/, ({ voipnow }) => ({ status: 200, body: { prefix: voipnow.prefix, extensions: voipnow.extensions() } })],
  ['GET', /^\/control\/voipnow\/deliveries$/, ({ voipnow }) => ({ status: 200, body: { deliveries: voipnow.deliveries() } })],
  ['GET', /^\/control\/recordings$/, ({ engine }) => ({
    status: 200,
    body: {
      recordings: engine.recordings().map((c) => ({
        callId: c.callId, uniqueCallId: c.callId, ended: c.endedAt !== null, ...c.recording,
      })),
    },
  })],
  ['POST', /^\/control\/reset$/, ({ engine, traffic, noojee, switchvox, telphin, voipnow }) => {
    traffic.clear();
    engine.reset();
    noojee.clearFaults();
    switchvox.clearFaults();
    telphin.clearFaults();
    voipnow.clearFaults();
    return ok;
  }],
];

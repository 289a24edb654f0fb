import { z } from 'zod';
import { DIALABLE } from '../engine/directory';
import { ZFaultSpec } from '../noojee/faults';
import { ZSwitchvoxFaultSpec } from '../switchvox/faults';
import { ZTelphinFaultSpec } from '../telphin/faults';
import { ZVoipNowFaultSpec } from '../voipnow/faults';

const ZNumber = z.string().regex(DIALABLE, 'a number of 3–16 digits, optionally with a leading +');

export const ZFarEnd = z.object({
  outcome: z.enum(['answer', 'busy', 'no_answer', 'failed']),
  afterMs: z.number().int().min(0).max(3_600_000).nullable(),
});

/** `from`: a phone or an outside caller; `to`: phone, queue, IVR or outside number. */
export const ZCreateCall = z.object({ from: ZNumber, to: ZNumber, farEnd: ZFarEnd.optional(), callerName: z.string().max(80).optional() });
export const ZLegAction = z.object({ extension: ZNumber.optional() });
export const ZTransfer = z.object({ extension: ZNumber, to: ZNumber });
export const ZScenarioParties = z.object({ a: ZNumber, b: ZNumber, c: ZNumber, external: ZNumber }).partial();
export const ZTraffic = z.object({
  callsPerMinute: z.number().positive().max(600),
  seed: z.number().int().optional(),
  sites: z.array(z.enum(['A', 'B', 'C', 'D'])).optional(),
});
export const ZFault = z.discriminatedUnion('target', [
  ZFaultSpec.extend({ target: z.literal('noojee') }),
  ZSwitchvoxFaultSpec.extend({ target: z.literal('switchvox') }),
  ZTelphinFaultSpec.extend({ target: z.literal('telphin') }),
  ZVoipNowFaultSpec.extend({ target: z.literal('voipnow') }),
]);
/** `PATCH /control/phones/{number}`: registration and the incoming-call forwarding rule (`null` removes it). */
export const ZPhonePatch = z.object({
  registered: z.boolean().optional(),
  forward: z.object({ to: ZNumber, when: z.enum(['always', 'no_answer']), farEnd: ZFarEnd.optional() }).nullable().optional(),
});
export const ZHold = z.object({ extension: ZNumber });
export const ZConsult = z.object({ extension: ZNumber, to: ZNumber });
export const ZCompleteTransfer = z.object({ consultCallId: z.string().min(1) });
export const ZIntercom = z.object({ from: ZNumber, to: ZNumber });

export type TCreateCall = z.infer<typeof ZCreateCall>;

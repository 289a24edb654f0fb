/**
 * Generated vendor payloads for the benchmarks, in the shapes of each vendor's fixtures
 * (server/connectors/<vendor>/fixtures.ts and normalise.test.ts), fed to the real normalisers.
 *
 * Every extension runs an endless cycle of calls: ring → talk → hang up, one payload per step, so
 * every payload changes exactly one extension's tile. Payload `i` goes to extension `i % n`, call
 * `floor(i / (3n))` of it: consecutive payloads touch different extensions, like a busy PBX.
 */
import type { PbxEvent } from '@/server/domain/pbx-event';
import type { Vendor } from '@/lib/board';
import { createNoojeeNormaliser } from '@/server/connectors/noojee/normalise';
import { entry } from '@/server/connectors/noojee/fixtures';
import { createSwitchvoxNormaliser } from '@/server/connectors/switchvox/normalise';
import { line, notification } from '@/server/connectors/switchvox/fixtures';
import { createTelphinNormaliser } from '@/server/connectors/telphin/normalise';
import { DOMAIN } from '@/server/connectors/telphin/fixtures';
import type { TelphinExtension } from '@/server/connectors/telphin/extension-directory';
import { createVoipnowNormaliser } from '@/server/connectors/voipnow/normalise';

export const VENDORS: readonly Vendor[] = ['noojee', 'switchvox', 'telphin', 'voipnow'];

/** A vendor payload generator bound to a real normaliser of one connection. */
export interface PayloadFeed {
  vendor: Vendor;
  /** `extensions.known` for every extension (puts the tiles on the board). */
  known(): PbxEvent;
  /** Payload `i` (deterministic). */
  payload(i: number): unknown;
  /** The normaliser's canonical events for one payload. */
  normalise(payload: unknown): PbxEvent[];
  /** Extension number payload `i` is about. */
  extensionOf(i: number): string;
}

const FIRST = 10_000;
const numberOf = (k: number) => String(FIRST + k);
/** 0 ring, 1 answer, 2 hang up. */
const stepOf = (i: number, n: number) => Math.floor(i / n) % 3;
const callOf = (i: number, n: number) => Math.floor(i / (3 * n));
const callerOf = (i: number, n: number) => `0299${String(callOf(i, n) % 1_000_000).padStart(6, '0')}`;
const T0 = Date.parse('2026-01-05T09:00:00.000Z');

function noojee(connectionId: string, n: number): PayloadFeed {
  const extensions = Array.from({ length: n }, (_, k) => numberOf(k));
  const normaliser = createNoojeeNormaliser({ connectionId, extensions });
  return {
    vendor: 'noojee',
    known: () => normaliser.known(new Date()),
    extensionOf: (i) => numberOf(i % n),
    payload(i) {
      const ext = numberOf(i % n);
      const status = ['Ringing', 'Connected', 'Hungup'][stepOf(i, n)]!;
      const uniqueCallId = `${1_767_600_000 + callOf(i, n)}.${i % n}`;
      return { [ext]: [entry({ status, uniqueCallId, callerId: callerOf(i, n), canAnswer: status === 'Ringing', inbound: true }, i)] };
    },
    normalise: (payload) => normaliser.entries(payload as Record<string, unknown[]>, new Date()),
  };
}

function switchvox(connectionId: string, n: number): PayloadFeed {
  const accounts = Array.from({ length: n }, (_, k) => ({ accountId: 100_000 + k, extension: numberOf(k), name: `Agent ${k}` }));
  const normaliser = createSwitchvoxNormaliser({ connectionId, accounts });
  return {
    vendor: 'switchvox',
    known: () => normaliser.known(new Date()),
    extensionOf: (i) => numberOf(i % n),
    payload(i) {
      const k = i % n;
      const status = ['ringing', 'onThePhone', 'idle'][stepOf(i, n)]!;
      const start = T0 + callOf(i, n) * 60_000;
      const serverTime = start + stepOf(i, n) * 1000;
      return notification(
        line({
          uniqueId: `${Math.floor(start / 1000)}.${k}`,
          accountId: 100_000 + k,
          status,
          serverTime,
          startTime: start,
          direction: 'fromPbx',
          remotes: [{ name: 'Bench Caller', number: callerOf(i, n) }],
        }),
      );
    },
    normalise: (payload) => normaliser.notification(payload, new Date()),
  };
}

function telphin(connectionId: string, n: number): PayloadFeed {
  const all: TelphinExtension[] = Array.from({ length: n }, (_, k) => ({
    id: String(500_000 + k),
    name: `000*${numberOf(k)}`,
    shortName: numberOf(k),
    kind: 'phone',
    label: `Agent ${k}`,
  }));
  const normaliser = createTelphinNormaliser({ connectionId });
  normaliser.setDirectory(all, new Set(all.map((e) => e.id)));
  const T0_US = T0 * 1000;
  return {
    vendor: 'telphin',
    known: () => normaliser.known(new Date()),
    extensionOf: (i) => numberOf(i % n),
    payload(i) {
      const k = i % n;
      const id = String(500_000 + k);
      const step = stepOf(i, n);
      const call = callOf(i, n);
      const callId = `${String(call).padStart(16, '0')}${String(k).padStart(16, '0')}`;
      const eventType = ['dial-in', 'answer', 'hangup'][step]!;
      const params: Record<string, string> = {
        CallID: callId,
        SubCallID: `${id}-${callId}`,
        CallFlow: 'in',
        CallerIDNum: `+7916${callerOf(i, n).slice(4)}`,
        CallerIDName: 'Bench Caller',
        CalledNumber: `000*${numberOf(k)}`,
        CalledExtension: `000*${numberOf(k)}@${DOMAIN}`,
        CalledExtensionID: id,
        CalledDID: '74951234567',
        EventType: eventType,
        CallStatus: ['CALLING', 'ANSWER', 'ANSWER'][step]!,
        EventTime: String(T0_US + call * 60_000_000 + step * 1_000_000),
      };
      return { event: eventType, params, receivedAt: new Date() };
    },
    normalise: (payload) => normaliser.hook(payload as Parameters<typeof normaliser.hook>[0]),
  };
}

function voipnow(connectionId: string, n: number): PayloadFeed {
  const extensions = Array.from({ length: n }, (_, k) => `0003*${numberOf(k)}`);
  const normaliser = createVoipnowNormaliser({ connectionId, extensions });
  return {
    vendor: 'voipnow',
    known: () => normaliser.known(new Date()),
    extensionOf: (i) => numberOf(i % n),
    payload(i) {
      const k = i % n;
      const step = stepOf(i, n);
      const event = ['0', '3', '2'][step]!;
      const params: Record<string, string> = {
        CallID: `c${callOf(i, n)}-${k}`,
        CallerIDNum: `0040${callerOf(i, n)}`,
        CallerIDName: 'Bench Caller',
        CalledDID: '0040319999999',
        CalledExtension: `0003*${numberOf(k)}`,
        CallStatus: ['CALLING', 'ANSWER', 'ANSWER'][step]!,
        CallFlow: 'IN',
        CallerExtension: '',
        CalledNumber: '0040319999999',
        CallAPIID: '',
      };
      return { event, params, receivedAt: new Date() };
    },
    normalise: (payload) => normaliser.hook(payload as Parameters<typeof normaliser.hook>[0]),
  };
}

export function createFeed(vendor: Vendor, connectionId: string, extensions: number): PayloadFeed {
  switch (vendor) {
    case 'noojee':
      return noojee(connectionId, extensions);
    case 'switchvox':
      return switchvox(connectionId, extensions);
    case 'telphin':
      return telphin(connectionId, extensions);
    case 'voipnow':
      return voipnow(connectionId, extensions);
  }
}

import type { LegState } from '@/lib/board';
import type { LegFacts, PbxEvent } from './pbx-event';

/** Builders for canonical events in tests; only what a test cares about needs saying. */
export const CONN = 'pbx';
const T0 = Date.parse('2026-11-23T09:00:00.000Z');

export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

export function leg(extension: string, vendorCallId: string, state: LegState, more: Partial<LegFacts> = {}): LegFacts {
  return {
    extension,
    legId: `${CONN}:${extension}:${vendorCallId}`,
    vendorCallId,
    direction: 'inbound',
    peer: { number: '0400111222', name: null },
    state,
    queueNumber: null,
    canAnswer: state === 'ringing',
    ...more,
  };
}

export function upsert(facts: LegFacts, seconds: number, key = `${facts.legId}:${facts.state}`): PbxEvent {
  return { type: 'leg.upsert', connectionId: CONN, key, at: at(seconds), leg: facts, raw: { facts } };
}

export function end(extension: string, vendorCallId: string, outcome: 'answered' | 'cancelled' | 'busy' | 'no_answer', seconds: number): PbxEvent {
  const legId = `${CONN}:${extension}:${vendorCallId}`;
  return { type: 'leg.end', connectionId: CONN, key: `${legId}:end`, at: at(seconds), extension, legId, outcome };
}

export function known(numbers: string[]): PbxEvent {
  return {
    type: 'extensions.known',
    connectionId: CONN,
    key: `known:${numbers.join(',')}`,
    at: at(0),
    extensions: numbers.map((number) => ({ number, name: `Ext ${number}`, kind: 'phone' as const })),
  };
}

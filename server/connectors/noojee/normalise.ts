/**
 * Pure Noojee normaliser (DESIGN.md §2): subscribe `Data` → canonical `PbxEvent`s, with a small
 * per-call memory. No I/O; skipped entries are reported through `onSkip` so the caller can log them.
 */
import type { CallOutcome, LegState } from '@/lib/board';
import type { LegRef } from '@/server/connectors/connector';
import { QUEUE_UNKNOWN, type LegFacts, type PbxEvent } from '@/server/domain/pbx-event';
import { LegMemory, type RememberedLeg } from './leg-memory';
import { isNoojeeStatus, ZSubscribeEntry, type TCallData, type TNoojeeStatus, type TSubscribeData } from './schema';

export interface NoojeeNormaliserOptions {
  connectionId: string;
  /** The watched extensions (bare numbers); also decides which peers count as `internal`. */
  extensions: readonly string[];
  /** Names for the tiles, by extension number (Noojee itself reports none). */
  names?: Readonly<Record<string, string>>;
  /** Told about every entry it skips (unknown status, malformed entry, unwatched extension). */
  onSkip?: (reason: string, detail: { exten: string; entry?: unknown }) => void;
}

export interface NoojeeNormaliser {
  /** `extensions.known` for the watched extensions. */
  known(receivedAt: Date): PbxEvent;
  /** A `lastSequenceNumber=0` reply: one `extensions.resync` that replaces (not merges) their legs. */
  snapshot(data: TSubscribeData, receivedAt: Date, extensions?: readonly string[]): PbxEvent[];
  /** A long-poll reply: entries applied in array order per extension. */
  entries(data: TSubscribeData, receivedAt: Date): PbxEvent[];
  /** The uniqueCallId the PBX currently uses for a board leg (it may switch once connected, A5). */
  vendorCallIdFor(leg: LegRef): string;
}

const legStates: Record<Exclude<TNoojeeStatus, 'Hungup' | 'Busy' | 'No Answer'>, LegState> = {
  Ringing: 'ringing',
  'Dialing Out': 'dialing',
  Connected: 'talking',
  // Transient: the extension was split from its bridge, normally re-bridged by a transfer (§3.3).
  Unlinked: 'held',
};

const isTerminal = (s: TNoojeeStatus): s is 'Hungup' | 'Busy' | 'No Answer' =>
  s === 'Hungup' || s === 'Busy' || s === 'No Answer';

/** Creates a normaliser for one connection; its memory lives as long as the returned object. */
export function createNoojeeNormaliser(options: NoojeeNormaliserOptions): NoojeeNormaliser {
  const { connectionId } = options;
  const watched = [...new Set(options.extensions)];
  const watchedSet = new Set(watched);
  const memory = new LegMemory();
  const skip = options.onSkip ?? (() => {});
  let snapshots = 0;

  const facts = (leg: RememberedLeg): LegFacts => ({
    extension: leg.extension,
    legId: leg.legId,
    vendorCallId: leg.vendorCallId,
    direction: leg.direction,
    peer: { number: leg.peer, name: null },
    state: legStates[leg.status as keyof typeof legStates],
    // Noojee only flags "came through a queue", never which one (§3.1).
    queueNumber: leg.queue ? QUEUE_UNKNOWN : null,
    canAnswer: leg.canAnswer,
  });

  /** The leg as this entry describes it, merged over what we already knew. */
  function describe(exten: string, cd: TCallData, status: TNoojeeStatus, known?: RememberedLeg): RememberedLeg {
    const vendorCallId = known?.vendorCallId ?? cd.uniqueCallId;
    // callerId is the other party for both directions (§3.1); newer servers add the other two.
    const peer = cd.callerId || cd.otherPartyCallerId || cd.outboundDestination || known?.peer || '';
    const inbound = status === 'Dialing Out' ? false : (cd.inbound ?? known?.inbound ?? true);
    const internal = peer !== exten && watchedSet.has(peer);
    return {
      extension: exten,
      vendorCallId,
      latestVendorCallId: cd.uniqueCallId,
      legId: known?.legId ?? `${connectionId}:${exten}:${vendorCallId}`,
      status,
      peer,
      inbound,
      // `inbound:false` on Ringing is a click-to-dial ringing the agent first (§3.4 E): outbound.
      direction: internal ? 'internal' : inbound ? 'inbound' : 'outbound',
      queue: cd.isQueueCall || (known?.queue ?? false),
      canAnswer: cd.canAnswer,
      everConnected: (known?.everConnected ?? false) || status === 'Connected' || status === 'Unlinked',
      bridge: (known?.bridge ?? 0) + (status === 'Unlinked' && known?.status !== 'Unlinked' ? 1 : 0),
    };
  }

  /**
   * A5: a real PBX may report a call under another channel's id once it is connected. An unknown id
   * in `Connected` is taken as the extension's only ringing/dialling call, or else as its only live
   * leg when that leg is `Unlinked` (a transfer re-bridging it, §3.4 F).
   */
  function a5Match(exten: string): RememberedLeg | undefined {
    const legs = memory.legsOn(exten);
    const waiting = legs.filter((l) => l.status === 'Ringing' || l.status === 'Dialing Out');
    if (waiting.length === 1) return waiting[0];
    if (waiting.length === 0 && legs.length === 1 && legs[0]?.status === 'Unlinked') return legs[0];
    return undefined;
  }

  function upsert(exten: string, cd: TCallData, status: TNoojeeStatus, at: string, raw: unknown): PbxEvent[] {
    const id = memory.resolve(exten, cd.uniqueCallId);
    let known = memory.get(exten, id);
    if (!known && status === 'Connected') {
      known = a5Match(exten);
      if (known) memory.alias(exten, cd.uniqueCallId, known.vendorCallId);
    }
    // Terminal-is-final's sibling: once connected, a Ringing/Dialing Out for the leg is a replay.
    if (known?.everConnected && (status === 'Ringing' || status === 'Dialing Out')) return [];
    const leg = describe(exten, cd, status, known);
    // §4.6: an entry repeating the stored status (and peer) changes nothing.
    if (known && known.status === status && known.peer === leg.peer) {
      memory.set({ ...known, latestVendorCallId: cd.uniqueCallId });
      return [];
    }
    memory.set(leg);
    // Idempotency key = the fact itself, so a replay or duplicate maps to the same key. Connected and
    // Unlinked also carry the bridge generation: a re-bridge after Unlinked is a new fact even when
    // the peer is unchanged (a transfer that came back).
    const generation = status === 'Connected' || status === 'Unlinked' ? `#${leg.bridge}` : '';
    const key = `${exten}:${leg.vendorCallId}:${status}:${leg.peer}${generation}`;
    return [{ type: 'leg.upsert', connectionId, key, at, raw, leg: facts(leg) }];
  }

  function end(exten: string, cd: TCallData, status: 'Hungup' | 'Busy' | 'No Answer', at: string, raw: unknown): PbxEvent[] {
    const id = memory.resolve(exten, cd.uniqueCallId);
    const known = memory.get(exten, id);
    const outcome: CallOutcome =
      status === 'Busy' ? 'busy' : status === 'No Answer' ? 'no_answer' : known?.everConnected ? 'answered' : 'cancelled';
    const out: PbxEvent[] = [];
    if (!known && status !== 'Hungup') {
      // Busy / No Answer arrive without a Ringing on the extension (§3.4 B): record the offered leg
      // so the call's history keeps its outcome; upsert and end share a batch, so the tile never flickers.
      const offered = describe(exten, cd, 'Ringing', undefined);
      out.push({ type: 'leg.upsert', connectionId, key: `${exten}:${id}:offered`, at, raw, leg: facts(offered) });
    }
    memory.end(exten, id);
    // One key per leg end: an extra Hungup after Busy/No Answer (A14) is harmless even after restart.
    const legId = known?.legId ?? `${connectionId}:${exten}:${id}`;
    out.push({ type: 'leg.end', connectionId, key: `${exten}:${id}:end`, at, raw, extension: exten, legId, outcome });
    return out;
  }

  function apply(exten: string, entry: unknown, at: string): PbxEvent[] {
    const parsed = ZSubscribeEntry.safeParse(entry);
    if (!parsed.success) {
      skip('malformed entry', { exten, entry });
      return [];
    }
    const cd = parsed.data.CallData;
    const status = cd.status;
    if (!isNoojeeStatus(status)) {
      // §7.5: anything outside the seven documented statuses is logged and skipped, never fatal.
      skip(`unknown status "${status}"`, { exten, entry });
      return [];
    }
    // Terminal statuses are final (§4.6): anything later for an ended leg is a replay or A14's extra Hungup.
    if (memory.isEnded(exten, memory.resolve(exten, cd.uniqueCallId))) return [];
    const raw = { exten, entry };
    return isTerminal(status) ? end(exten, cd, status, at, raw) : upsert(exten, cd, status, at, raw);
  }

  function snapshotLegs(exten: string, list: unknown[]): RememberedLeg[] {
    const legs = new Map<string, RememberedLeg>();
    for (const entry of list) {
      const parsed = ZSubscribeEntry.safeParse(entry);
      if (!parsed.success) {
        skip('malformed entry', { exten, entry });
        continue;
      }
      const cd = parsed.data.CallData;
      if (!isNoojeeStatus(cd.status)) {
        skip(`unknown status "${cd.status}"`, { exten, entry });
        continue;
      }
      const id = memory.resolve(exten, cd.uniqueCallId);
      // A snapshot lists live calls; a terminal entry in one just means "not live" (§4 model 3).
      if (isTerminal(cd.status)) legs.delete(id);
      else legs.set(id, describe(exten, cd, cd.status, legs.get(id) ?? memory.get(exten, id)));
    }
    return [...legs.values()];
  }

  return {
    known(receivedAt) {
      const at = receivedAt.toISOString();
      const extensions = watched.map((number) => ({ number, name: options.names?.[number] ?? null, kind: 'phone' as const }));
      return { type: 'extensions.known', connectionId, key: `known:${at}:${watched.join(',')}`, at, extensions };
    },

    snapshot(data, receivedAt, extensions = watched) {
      const at = receivedAt.toISOString();
      const requested = [...new Set(extensions)];
      const legs: LegFacts[] = [];
      for (const exten of requested) {
        const current = snapshotLegs(exten, data[exten] ?? []);
        memory.replace(exten, current);
        legs.push(...current.map(facts));
      }
      for (const exten of Object.keys(data)) if (!requested.includes(exten)) skip('extension not requested', { exten });
      const key = `resync:${at}:${++snapshots}:${requested.join(',')}`;
      return [{ type: 'extensions.resync', connectionId, key, at, raw: data, extensions: requested, legs }];
    },

    entries(data, receivedAt) {
      const at = receivedAt.toISOString();
      const out: PbxEvent[] = [];
      for (const [exten, list] of Object.entries(data)) {
        if (!watchedSet.has(exten)) {
          skip('extension not watched', { exten });
          continue;
        }
        for (const entry of list) out.push(...apply(exten, entry, at));
      }
      return out;
    },

    vendorCallIdFor(leg) {
      const id = memory.resolve(leg.extension, leg.vendorCallId);
      return memory.get(leg.extension, id)?.latestVendorCallId ?? leg.vendorCallId;
    },
  };
}

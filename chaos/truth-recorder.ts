/**
 * Ground truth of a chaos run, recorded in the runner from the simulator's call engine events
 * (synchronous, in order): every phone leg with its start, answer, end and end reason.
 */
import type { CallOutcome, ExtensionState, LegState } from '@/lib/board';
import type { CallInfo, EngineEvent, RunningSimulator, Site } from '@/server/simulator';

export interface TruthLegRecord {
  /** Engine leg id (`callId:extension:n`); never seen by Linesight, only used to key this record. */
  legId: string;
  callId: string;
  site: Site;
  extension: string;
  /** Every peer number the handset showed during the leg (a transfer changes it). */
  peers: string[];
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  reason: string | null;
  /**
   * A leg the engine reports only by its end (busy / unregistered destination: never rang). Vendors
   * differ on whether they show such a leg at all, so it may match a stored leg but is never "lost".
   */
  endOnly: boolean;
}

export class TruthRecorder {
  readonly legs = new Map<string, TruthLegRecord>();
  private readonly sites = new Map<string, Site>();
  private readonly off: () => void;

  constructor(private readonly sim: RunningSimulator) {
    for (const p of sim.directory.phones) this.sites.set(p.number, p.site);
    this.off = sim.engine.on((event) => this.onEvent(event));
  }

  stop(): void {
    this.off();
  }

  /** Calls being forwarded outside, as legs of the forwarding extension (see `forwardingExtension`). */
  liveForwards(): TruthLegRecord[] {
    return [...this.legs.values()].filter((l) => l.legId.includes(':forward:') && l.endedAt === null);
  }

  private onForward(event: EngineEvent): void {
    if (!('call' in event)) return;
    const by = forwardingExtension(event.call, (n) => this.sites.get(n));
    if (by === null) return;
    const legId = `${event.call.callId}:forward:${by}`;
    let rec = this.legs.get(legId);
    if (!rec) {
      if (event.type === 'call.ended') return;
      rec = { legId, callId: event.call.callId, site: 'C', extension: by, peers: [event.call.callee], startedAt: Date.now(), answeredAt: null, endedAt: null, reason: null, endOnly: false };
      this.legs.set(legId, rec);
    }
    if (rec.endedAt !== null) return;
    if (event.call.phase === 'talking' && rec.answeredAt === null) rec.answeredAt = Date.now();
    if (event.type === 'call.ended') {
      rec.endedAt = Date.now();
      rec.reason = event.call.outcome === 'answered' ? 'hungup' : (event.call.outcome ?? 'hungup');
    }
  }

  private onEvent(event: EngineEvent): void {
    this.onForward(event);
    if (event.type !== 'leg.created' && event.type !== 'leg.state' && event.type !== 'leg.ended' && event.type !== 'leg.unlinked' && event.type !== 'leg.hold') return;
    const { leg } = event;
    const site = this.sites.get(leg.extension);
    if (!site) return;
    let rec = this.legs.get(leg.legId);
    if (!rec) {
      rec = {
        legId: leg.legId, callId: leg.callId, site, extension: leg.extension, peers: [], startedAt: leg.createdAt,
        answeredAt: null, endedAt: null, reason: null, endOnly: event.type === 'leg.ended',
      };
      this.legs.set(leg.legId, rec);
    }
    if (leg.peer && !rec.peers.includes(leg.peer)) rec.peers.push(leg.peer);
    if (leg.answeredAt !== null && rec.answeredAt === null) rec.answeredAt = leg.answeredAt;
    if (event.type === 'leg.ended') {
      rec.endedAt = Date.now();
      rec.reason = event.reason;
    }
  }
}

/**
 * Telphin reports a call its incoming-call rule forwards outside as a call of the forwarding
 * extension (`dial-out` … `Transfered=yes` from it, telphin.md §6.3), though its handset never rings:
 * what the PBX can tell about that extension is that it has this call. The engine has no leg there.
 */
export function forwardingExtension(call: CallInfo, siteOf: (number: string) => Site | undefined): string | null {
  const by = call.forwardedBy;
  const outside = call.callee !== '' && siteOf(call.callee) === undefined && (call.phase === 'dialing' || call.phase === 'talking' || call.phase === 'ended');
  return by !== null && outside && siteOf(by) === 'C' ? by : null;
}

/** The canonical outcome a leg should end with: answered, else why it ended. */
export function truthOutcome(rec: TruthLegRecord): CallOutcome | null {
  if (rec.endedAt === null) return null;
  if (rec.answeredAt !== null) return 'answered';
  switch (rec.reason) {
    case 'busy': return 'busy';
    case 'no_answer': return 'no_answer';
    case 'unavailable': return 'failed';
    default: return 'cancelled';
  }
}

const precedence: LegState[] = ['talking', 'held', 'ringing', 'dialing'];

/** Extension state per phone number from a truth snapshot (DESIGN.md §3 precedence). */
export function truthTileStates(sim: RunningSimulator, forwards: Iterable<TruthLegRecord> = []): Map<string, ExtensionState> {
  const truth = sim.engine.truth();
  const out = new Map<string, ExtensionState>();
  for (const p of sim.directory.phones) out.set(p.number, 'idle');
  const byExt = new Map<string, LegState[]>();
  for (const leg of truth.legs) byExt.set(leg.extension, [...(byExt.get(leg.extension) ?? []), leg.state]);
  for (const leg of forwards) {
    if (leg.endedAt === null) byExt.set(leg.extension, [...(byExt.get(leg.extension) ?? []), leg.answeredAt !== null ? 'talking' : 'dialing']);
  }
  for (const [ext, states] of byExt) {
    if (!out.has(ext)) continue;
    out.set(ext, precedence.find((s) => states.includes(s)) ?? 'idle');
  }
  return out;
}

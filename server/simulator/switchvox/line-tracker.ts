import type { Clock } from '../engine/clock';
import type { CallInfo, EngineEvent, LegInfo } from '../engine/types';
import { MAIN_DEVICE, type AccountTable, type ConvergedDevice } from './accounts';
import type { LineParams, LineView, LineViews } from './line-view';

/** One notification-worth change of one line, for the sessions subscribed to `accountId`. */
export interface LineChange {
  accountId: number;
  params: LineParams;
}

interface Line {
  uniqueId: string;
  accountId: number;
  startTime: number;
  endpoint: ConvergedDevice;
  dialData: unknown;
  view: LineView;
  /** JSON of the last view sent, to skip engine events that change nothing on this line. */
  key: string;
}

interface PendingDial {
  extension: string;
  device: ConvergedDevice;
  dialData: unknown;
}

/**
 * Turns engine events into line notifications of every site-B phone, whether or not anyone listens
 * (a later `subscribe` replays current lines). Each phone leg is one line with its own `uniqueId`
 * (`"<epoch s>.<seq>"`, seq from 1, so "X.1" and "X.10" differ as text but not as floats, §6.10).
 * `serverTime` is strictly increasing across the whole facade: non-decreasing per connection and
 * strictly increasing per line, even when many changes share one engine instant.
 */
export class LineTracker {
  private readonly lines = new Map<string, Line>();
  private readonly dials = new Map<string, PendingDial>();
  private seq = 0;
  private lastStamp = 0;

  constructor(
    private readonly clock: Clock,
    private readonly accounts: AccountTable,
    private readonly views: LineViews,
    private readonly emit: (change: LineChange) => void,
  ) {}

  /** The next call created with `callId` is a `dial` of `extension`: its line carries `dialData` (§7.3). */
  expectDial(callId: string, dial: PendingDial): void {
    this.dials.set(callId, dial);
  }

  forgetDial(callId: string): void {
    this.dials.delete(callId);
  }

  handle(event: EngineEvent): void {
    const { call } = event;
    const leg = 'leg' in event ? event.leg : null;
    if (leg && event.type === 'leg.ended') this.end(leg);
    else if (leg) this.update(call, leg);
    // Other lines of the call may change too (remotes after a transfer, losers of a ring-all answer).
    for (const other of call.legs) if (other.legId !== leg?.legId) this.update(call, other);
    if (event.type === 'call.ended') this.dials.delete(call.callId);
  }

  /** Current non-idle lines of an account, freshly stamped (the initial snapshot of §4.3). */
  snapshot(accountId: number): LineChange[] {
    return [...this.lines.values()].filter((l) => l.accountId === accountId).map((line) => this.change(line, line.view));
  }

  private update(call: CallInfo, leg: LegInfo): void {
    const account = this.accounts.phone(leg.extension);
    if (!account) return;
    let line = this.lines.get(leg.legId);
    const view = this.views.view(call, leg);
    if (!line) {
      const dial = this.dials.get(call.callId);
      const mine = dial !== undefined && dial.extension === leg.extension && leg.role === 'caller';
      if (mine) this.dials.delete(call.callId);
      line = {
        uniqueId: `${Math.floor(leg.createdAt / 1000)}.${++this.seq}`,
        accountId: account.accountId,
        // Timestamps are integer epoch ms (§6.4); engine timers may fire at fractional instants.
        startTime: Math.floor(leg.createdAt),
        endpoint: mine ? dial.device : MAIN_DEVICE,
        dialData: mine ? dial.dialData : null,
        view,
        key: '',
      };
      this.lines.set(leg.legId, line);
      // Dialled from the handset: off-hook first, then the number (§7.2 outbound).
      if (leg.role === 'caller' && leg.state === 'dialing' && !call.isClickToDial) this.send(line, this.views.starting(call, leg));
    }
    this.send(line, view);
  }

  /** Exactly one `idle` per line, with its last direction and remotes (§5.2, §7.2). */
  private end(leg: LegInfo): void {
    const line = this.lines.get(leg.legId);
    if (!line) return;
    this.lines.delete(leg.legId);
    this.emit(this.change(line, { ...line.view, status: 'idle' }));
  }

  private send(line: Line, view: LineView): void {
    const key = JSON.stringify(view);
    if (key === line.key) return;
    line.key = key;
    line.view = view;
    this.emit(this.change(line, view));
  }

  private change(line: Line, view: LineView): LineChange {
    this.lastStamp = Math.max(Math.floor(this.clock.now()), this.lastStamp + 1);
    const params: LineParams = {
      uniqueId: line.uniqueId,
      account: this.views.accountObject(line.accountId),
      endpoint: { ...line.endpoint },
      status: view.status,
      direction: view.direction,
      remotes: view.remotes,
      startTime: line.startTime,
      serverTime: this.lastStamp,
      dialData: line.dialData,
      conference: view.conference,
      intercom: view.intercom,
      displayUrl: view.displayUrl,
      queueId: view.queueId,
    };
    return { accountId: line.accountId, params };
  }
}

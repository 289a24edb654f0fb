import { kindOf, nameOf, type Directory } from '../engine/directory';
import type { CallInfo, LegInfo, LegState } from '../engine/types';
import type { AccountTable, ConvergedDevice } from './accounts';

/** Line status (switchvox.md §6.9). */
export type SwitchvoxStatus = 'idle' | 'starting' | 'calling' | 'ringing' | 'onThePhone' | 'onHold';
export type SwitchvoxDirection = 'toPbx' | 'fromPbx';

export interface AccountObject {
  accountId: number;
  serverUuid: string;
}

export interface Remote {
  name: string;
  number: string;
  account?: AccountObject;
}

/** `params` of a `state.change.extension.line` notification: the full §5.2 member set, in table order. */
export interface LineParams {
  uniqueId: string;
  account: AccountObject;
  endpoint: ConvergedDevice;
  status: SwitchvoxStatus;
  direction: SwitchvoxDirection;
  remotes: Remote[];
  startTime: number;
  serverTime: number;
  dialData: unknown;
  conference: { extension: string; name: string } | null;
  intercom: boolean;
  displayUrl: string | null;
  queueId: AccountObject | null;
}

/** What can change on a line between notifications. */
export type LineView = Pick<LineParams, 'status' | 'direction' | 'remotes' | 'conference' | 'intercom' | 'displayUrl' | 'queueId'>;

/**
 * Engine leg state → line status, coherent with the truth (README): ringing ↔ `ringing`, dialing ↔
 * `calling` (a phone-originated leg shows `starting` first), talking ↔ `onThePhone`, held ↔ `onHold`
 * (put on hold by the user, or the party a blind transfer left waiting).
 */
export function statusOf(state: LegState): SwitchvoxStatus {
  switch (state) {
    case 'ringing':
      return 'ringing';
    case 'dialing':
      return 'calling';
    case 'talking':
      return 'onThePhone';
    case 'held':
      return 'onHold';
  }
}

export class LineViews {
  constructor(
    private readonly dir: Directory,
    private readonly accounts: AccountTable,
    readonly serverUuid: string,
  ) {}

  accountObject(accountId: number): AccountObject {
    return { accountId, serverUuid: this.serverUuid };
  }

  /** The other party as caller ID: a name from the directory or the outside caller's name; `account` only for this PBX's accounts. */
  remote(call: CallInfo, number: string): Remote {
    const outsideCaller = kindOf(this.dir, call.from) === null && number === call.from;
    const name = nameOf(this.dir, number) ?? (outsideCaller ? (call.callerName ?? '') : '');
    const account = this.accounts.byExtension(number);
    return account ? { name, number, account: this.accountObject(account.accountId) } : { name, number };
  }

  /** The line's current view; a leg the user dialed from the handset reads `toPbx`, a PBX-delivered or `dial`-created one `fromPbx` (§6.7). */
  view(call: CallInfo, leg: LegInfo): LineView {
    const bridge = call.conference === null ? null : { extension: call.conference, name: nameOf(this.dir, call.conference) ?? '' };
    const queue = leg.queue === null ? undefined : this.accounts.byExtension(leg.queue);
    return {
      status: statusOf(leg.state),
      direction: leg.role === 'caller' && !call.isClickToDial ? 'toPbx' : 'fromPbx',
      // In a conference the room is the far end: no single remote (§7.2 allows []).
      remotes: bridge !== null || leg.peer === '' ? [] : [this.remote(call, leg.peer)],
      conference: bridge,
      intercom: call.intercom,
      displayUrl: null,
      queueId: queue ? this.accountObject(queue.accountId) : null,
    };
  }

  /** `starting`: off-hook, nothing dialed yet (§7.2 outbound step 1). */
  starting(call: CallInfo, leg: LegInfo): LineView {
    return { ...this.view(call, leg), status: 'starting', remotes: [] };
  }
}

import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { CallEngine } from '../engine/call-engine';
import { EngineError } from '../engine/types';
import type { AccountTable, PermissionTable, SwitchvoxAccount } from './accounts';
import type { SwitchvoxFaults } from './faults';
import type { LineChange, LineTracker } from './line-tracker';
import type { LineParams } from './line-view';
import { isMethod, LINE_TOPIC, parseDial, parseLogin, parseSubscription } from './params';
import { errorResponse, parseEnvelope, resultResponse, RpcError, type RpcRequest } from './rpc';

/** What every session of one facade shares. */
export interface SessionContext {
  engine: CallEngine;
  accounts: AccountTable;
  permissions: PermissionTable;
  tracker: LineTracker;
  faults: SwitchvoxFaults;
  serverUuid: string;
  /** After a subscribe's `true`, replay each newly added target's non-idle lines (§4.3). */
  initialSnapshot: boolean;
  /** `dial`: the response goes out before the line's first notification (default: after, §4.5). */
  dialResponseFirst: boolean;
  log: Logger;
}

export interface LineNotification {
  jsonrpc: '2.0';
  method: typeof LINE_TOPIC;
  params: LineParams;
}

function samePassword(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * One API session = one socket.io connection (switchvox.md §2): it starts unauthenticated and its
 * login and subscriptions die with the connection. Only the events `request` → `response` and
 * `notification` are used; a trailing ack callback on `request` is ignored (§1.2).
 */
export class SwitchvoxSession {
  account: SwitchvoxAccount | null = null;
  private readonly targets = new Set<number>();
  /** While set, notifications wait here (a `dial` answered before its first notification). */
  private buffer: LineNotification[] | null = null;
  private open = true;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: SessionContext,
  ) {
    socket.on('request', (arg: unknown) => this.onRequest(arg));
  }

  watches(accountId: number): boolean {
    return this.open && this.targets.has(accountId);
  }

  notify(change: LineChange): void {
    if (!this.watches(change.accountId)) return;
    const message: LineNotification = { jsonrpc: '2.0', method: LINE_TOPIC, params: change.params };
    if (this.buffer) this.buffer.push(message);
    else this.socket.emit('notification', message);
  }

  /** The connection is gone: so is the session (no reuse across connections, §10.2). */
  end(): void {
    this.open = false;
    this.account = null;
    this.targets.clear();
  }

  /** Check order of §3.3: envelope → method → authenticated → params → permission → execute. */
  private onRequest(arg: unknown): void {
    const envelope = parseEnvelope(arg);
    if (!envelope.ok) return void this.socket.emit('response', errorResponse(envelope.id, envelope.error));
    const req = envelope.request;
    try {
      if (this.ctx.faults.takeInternalError(this.account?.accountId ?? null)) throw new RpcError('internal', 'injected fault');
      if (!isMethod(req.method)) throw new RpcError('methodNotFound', req.method);
      if (req.method === 'login') {
        if (this.account) throw new RpcError('alreadyAuthenticated');
        return this.login(req);
      }
      const me = this.account;
      if (!me) throw new RpcError('notAuthenticated', 'log in first');
      if (req.method === 'logout') this.logout(req);
      else if (req.method === 'subscribe') this.subscribe(req, me);
      else if (req.method === 'unsubscribe') this.unsubscribe(req);
      else this.dial(req, me);
    } catch (err) {
      if (!(err instanceof RpcError)) this.ctx.log.error({ err, method: req.method }, 'switchvox request failed');
      this.reply(req, err instanceof RpcError ? err : new RpcError('internal'));
    }
  }

  private reply(req: RpcRequest, error: RpcError | null): void {
    if (!req.hasId) return;
    this.socket.emit('response', error ? errorResponse(req.id, error) : resultResponse(req.id));
  }

  /** §4.1, §2: a wrong password is -32000 and the connection stays open for a retry. */
  private login(req: RpcRequest): void {
    const { extension, password } = parseLogin(req.params);
    const account = this.ctx.accounts.phone(extension);
    if (!account?.password || !samePassword(account.password, password)) {
      throw new RpcError('notAuthenticated', undefined, 'Invalid extension or password');
    }
    this.account = account;
    this.reply(req, null);
  }

  /** §4.2, §2: the response is flushed, then a socket.io-level disconnect (not auto-reconnected). */
  private logout(req: RpcRequest): void {
    this.reply(req, null);
    this.end();
    this.socket.disconnect(true);
  }

  /** §4.3: all-or-nothing; targets accumulate; notifications for new targets only after the `true`. */
  private subscribe(req: RpcRequest, me: SwitchvoxAccount): void {
    const ids = parseSubscription(req.params, this.ctx.accounts, this.ctx.serverUuid);
    const hidden = ids.find((id) => !this.ctx.permissions.canSee(me.accountId, id));
    if (hidden !== undefined) throw new RpcError('notAuthorized', `account ${me.accountId} may not observe account ${hidden}`);
    this.reply(req, null);
    const added = ids.filter((id) => !this.targets.has(id));
    for (const id of added) this.targets.add(id);
    if (!this.ctx.initialSnapshot) return;
    for (const id of added) {
      for (const change of this.ctx.tracker.snapshot(id)) this.ctx.faults.route(change, (c) => this.notify(c));
    }
  }

  /** §4.4: same params as subscribe; removing a target that is not subscribed is fine. */
  private unsubscribe(req: RpcRequest): void {
    const ids = parseSubscription(req.params, this.ctx.accounts, this.ctx.serverUuid);
    for (const id of ids) this.targets.delete(id);
    this.reply(req, null);
  }

  /** §4.5, §7.3: rings the caller's device first; the call's line carries `dialData` on every notification. */
  private dial(req: RpcRequest, me: SwitchvoxAccount): void {
    const dial = parseDial(req.params, this.ctx.accounts.devices(me.accountId));
    if (!this.ctx.permissions.get(me.accountId).canDial) throw new RpcError('notAuthorized', `account ${me.accountId} may not create calls`);
    const { engine, tracker } = this.ctx;
    const callId = engine.newCallId();
    tracker.expectDial(callId, { extension: me.extension, device: dial.device, dialData: dial.dialData });
    if (this.ctx.dialResponseFirst) this.buffer = [];
    try {
      engine.clickToDial(me.extension, dial.extension, { id: callId, source: 'api' });
    } catch (err) {
      tracker.forgetDial(callId);
      this.flush();
      throw err instanceof EngineError ? new RpcError('invalidParams', err.message) : err;
    }
    this.reply(req, null);
    this.flush();
  }

  private flush(): void {
    const waiting = this.buffer ?? [];
    this.buffer = null;
    for (const message of waiting) this.socket.emit('notification', message);
  }
}

import { openDatabase, type Db } from '@/db/client';
import { startBackgroundCheckpoints } from '@/db/background-checkpoints';
import { createProjectorStore } from '@/db/queries/projector-store';
import { loadBoardState } from '@/db/queries/load-board-state';
import type { TConnectionConfig } from '@/lib/connection-config';
import type { Connector, ConnectorContext } from '@/server/connectors/connector';
import { ConnectionManager, type FixedConnection } from '@/server/connections/connection-manager';
import { HookService } from '@/server/connections/hook-service';
import { ConnectionStats } from '@/server/observability/connection-stats';
import { dial } from '@/server/commands/dial';
import { receiveWebhook, type IntakeResult } from '@/server/webhooks/webhook-intake';
import { setRecording, type CommandResult } from '@/server/commands/set-recording';
import { Projector } from '@/server/domain/projector';
import { Hub } from '@/server/hub/hub';
import { createMetrics, type Metrics } from '@/server/metrics';
import { AuditLog } from '@/server/auth/audit-log';
import { AuthService } from '@/server/auth/auth-service';
import { DisplayAdmin } from '@/server/auth/display-admin';
import { UserAdmin } from '@/server/auth/user-admin';

export interface Pipeline {
  db: Db;
  projector: Projector;
  hub: Hub;
  connectors: Map<string, Connector>;
  metrics: Metrics;
  /** Every connection and its connector; main starts them once the HTTP listener knows its public URL. */
  connections: ConnectionManager;
  /** The admin hook forms' service (Telphin and VoipNow hooks, live on the PBX). */
  hooks: HookService;
  auth: AuthService;
  audit: AuditLog;
  users: UserAdmin;
  displays: DisplayAdmin;
  commands: Commands;
  webhooks: {
    receive(request: Parameters<typeof receiveWebhook>[2]): IntakeResult;
    /** A request refused before the intake (unreadable body), counted for the health page. */
    rejected(connectionId: string, reason: string): void;
  };
  /** Per-connection events/s, lag, reconnects and webhook rejects (admin health page). */
  stats: ConnectionStats;
  stop(): Promise<void>;
}

/** Commands bound in the server's own module instance (see server/runtime.ts). */
export interface Commands {
  setRecording(legId: string, want: 'on' | 'off'): Promise<CommandResult>;
  dial(connectionId: string, from: string | null, to: string): Promise<CommandResult>;
}

export interface PipelineOptions {
  databasePath: string;
  connections: readonly TConnectionConfig[];
  heartbeatMs?: number;
  /** Shortest gap between snapshots one client gets by asking (fuzzing asks thousands of times). */
  resyncMinMs?: number;
  /** Mark cookies Secure (the server is reached over https). */
  secureCookies?: boolean;
  /** Builds each connector (tests pass one with short timers); default: the vendor registry. */
  createConnector?: (config: TConnectionConfig, context: ConnectorContext) => Connector;
  /** Where PBXs reach our webhooks; when `connections` is not empty they start at once with it. */
  publicUrl?: string;
  /** Where `connections` come from, for the admin page (default: start-up options). */
  connectionsSource?: Omit<FixedConnection, 'config'>;
}

/** Database → projector → hub → connectors: everything but HTTP, so tests can run it without Next. */
export function startPipeline(options: PipelineOptions): Pipeline {
  const db = openDatabase(options.databasePath);
  const checkpoints = startBackgroundCheckpoints(db.$client, options.databasePath);
  const store = createProjectorStore(db);
  const metrics = createMetrics();
  let hub: Hub | null = null;
  const projector = new Projector({
    store,
    state: loadBoardState(db, new Date()),
    reload: () => loadBoardState(db, new Date()),
    publish: (changes) => hub?.publish(changes),
    onStorage: (storage) => metrics.storageFailing.set(storage.ok ? 0 : 1),
  });
  const auth = new AuthService(db, { secureCookies: options.secureCookies ?? false });
  const liveHub = new Hub({
    board: (seq) => projector.board(seq),
    heartbeatMs: options.heartbeatMs,
    resyncMinMs: options.resyncMinMs,
    authenticate: (request) => auth.principalFromCookies(request.headers.cookie),
    stillValid: (principal) => auth.stillValid(principal),
  });
  hub = liveHub;
  const users = new UserAdmin(db, (userId) => liveHub.disconnect((p) => p.kind === 'user' && p.userId === userId));
  const displays = new DisplayAdmin(db, (displayId) => liveHub.disconnect((p) => p.kind === 'display' && p.displayId === displayId));
  metrics.countWsClientsWith(() => liveHub.clientCount);
  const connectors = new Map<string, Connector>();
  const stats = new ConnectionStats(metrics);
  // Ids from a request path are anyone's words: unknown ones share one label, so they cannot grow memory.
  const knownOr = (id: string) => (connectors.has(id) ? id : '(unknown)');
  const connections = new ConnectionManager({ db, projector, stats, connectors, create: options.createConnector });
  if (options.connections.length > 0) {
    const source = options.connectionsSource ?? { source: 'file', sourceDetail: 'start-up options' };
    connections.start(
      options.connections.map((config) => ({ config, ...source })),
      { publicUrl: options.publicUrl ?? 'http://127.0.0.1' },
    );
  }
  return {
    db,
    projector,
    hub: liveHub,
    connectors,
    metrics,
    connections,
    hooks: new HookService({ db, connectors, connections }),
    auth,
    audit: new AuditLog(db),
    users,
    displays,
    webhooks: {
      receive: (request) => {
        const result = receiveWebhook(db, connectors, request);
        if (result.status !== 200) stats.webhookRejected(knownOr(request.connectionId), result.status === 401 ? 'token' : 'unknown connection');
        return result;
      },
      rejected: (connectionId, reason) => stats.webhookRejected(knownOr(connectionId), reason),
    },
    stats,
    commands: {
      setRecording: (legId, want) => setRecording(projector, connectors, legId, want),
      dial: (connectionId, from, to) => dial(connectors, connectionId, from, to),
    },
    async stop() {
      await connections.stopAll();
      projector.close();
      await liveHub.close();
      await checkpoints?.stop();
      db.$client.close();
    },
  };
}

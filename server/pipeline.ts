import { openDatabase, type Db } from '@/db/client';
import { createProjectorStore } from '@/db/queries/projector-store';
import { loadBoardState } from '@/db/queries/load-board-state';
import type { TConnectionConfig } from '@/server/config/connection-config';
import type { Connector, ConnectorContext } from '@/server/connectors/connector';
import { runConnectors } from '@/server/connectors/run-connectors';
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
  /** Starts more connectors (main starts them once the HTTP listener knows its public URL). */
  startConnectors(configs: readonly TConnectionConfig[], context: ConnectorContext): void;
  auth: AuthService;
  audit: AuditLog;
  users: UserAdmin;
  displays: DisplayAdmin;
  commands: Commands;
  webhooks: { receive(request: Parameters<typeof receiveWebhook>[2]): IntakeResult };
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
  /** Mark cookies Secure (the server is reached over https). */
  secureCookies?: boolean;
  /** Builds each connector (tests pass one with short timers); default: the vendor registry. */
  createConnector?: (config: TConnectionConfig, context: ConnectorContext) => Connector;
  /** Where PBXs reach our webhooks; connectors in `connections` start at once with it. */
  publicUrl?: string;
}

/** Database → projector → hub → connectors: everything but HTTP, so tests can run it without Next. */
export function startPipeline(options: PipelineOptions): Pipeline {
  const db = openDatabase(options.databasePath);
  const store = createProjectorStore(db);
  const metrics = createMetrics();
  let hub: Hub | null = null;
  const projector = new Projector({
    store,
    state: loadBoardState(db, new Date()),
    reload: () => loadBoardState(db, new Date()),
    publish: (changes) => hub?.publish(changes),
  });
  const auth = new AuthService(db, { secureCookies: options.secureCookies ?? false });
  const liveHub = new Hub({
    board: (seq) => projector.board(seq),
    heartbeatMs: options.heartbeatMs,
    authenticate: (request) => auth.principalFromCookies(request.headers.cookie),
    stillValid: (principal) => auth.stillValid(principal),
  });
  hub = liveHub;
  const users = new UserAdmin(db, (userId) => liveHub.disconnect((p) => p.kind === 'user' && p.userId === userId));
  const displays = new DisplayAdmin(db, (displayId) => liveHub.disconnect((p) => p.kind === 'display' && p.displayId === displayId));
  metrics.countWsClientsWith(() => liveHub.clientCount);
  const connectors = new Map<string, Connector>();
  const startConnectors = (configs: readonly TConnectionConfig[], context: ConnectorContext) => {
    for (const [id, connector] of runConnectors(configs, projector, metrics, context, options.createConnector)) connectors.set(id, connector);
  };
  startConnectors(options.connections, { publicUrl: options.publicUrl ?? 'http://127.0.0.1' });
  return {
    db,
    projector,
    hub: liveHub,
    connectors,
    metrics,
    startConnectors,
    auth,
    audit: new AuditLog(db),
    users,
    displays,
    webhooks: { receive: (request) => receiveWebhook(db, connectors, request) },
    commands: {
      setRecording: (legId, want) => setRecording(projector, connectors, legId, want),
      dial: (connectionId, from, to) => dial(connectors, connectionId, from, to),
    },
    async stop() {
      await Promise.all([...connectors.values()].map((c) => c.stop()));
      await liveHub.close();
      db.$client.close();
    },
  };
}

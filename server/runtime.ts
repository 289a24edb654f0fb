import type { Registry } from 'prom-client';
import type { Db } from '@/db/client';
import type { Connector } from '@/server/connectors/connector';
import type { Projector } from '@/server/domain/projector';
import type { Hub } from '@/server/hub/hub';
import type { AuditLog } from '@/server/auth/audit-log';
import type { AuthService } from '@/server/auth/auth-service';
import type { DisplayAdmin } from '@/server/auth/display-admin';
import type { UserAdmin } from '@/server/auth/user-admin';
import type { TEnv } from '@/server/env';
import type { Commands, Pipeline } from '@/server/pipeline';

/**
 * The process's shared objects. Route handlers are bundled by Next and so get their own copy of
 * every module; they reach these through `globalThis`, never through module-level singletons
 * (STYLE.md, custom server traps). This file imports types only, so bundling it pulls in nothing.
 */
export interface Runtime {
  env: TEnv;
  db: Db;
  projector: Projector;
  hub: Hub;
  connectors: Map<string, Connector>;
  metrics: Registry;
  auth: AuthService;
  audit: AuditLog;
  users: UserAdmin;
  displays: DisplayAdmin;
  /**
   * Commands, bound in the server's own module instance: a route handler's bundled copy of a class
   * (CommandError) would fail `instanceof` against the connector's.
   */
  commands: Commands;
  webhooks: Pipeline['webhooks'];
  stats: Pipeline['stats'];
  /** PBX connections: list, add, edit, disable, delete, test (admin UI). */
  connections: Pipeline['connections'];
  /** Each extension's hooks on Telphin and VoipNow PBXs (admin UI). */
  hooks: Pipeline['hooks'];
  /** In demo mode, the embedded simulator's control API. */
  demo: { controlUrl: string } | null;
}

const KEY = Symbol.for('linesight.runtime');
type Holder = { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
  (globalThis as Holder)[KEY] = runtime;
}

/** The running server's objects; throws when called outside the server process. */
export function getRuntime(): Runtime {
  const runtime = (globalThis as Holder)[KEY];
  if (!runtime) throw new Error('Linesight runtime is not started (route called outside server/main.ts?)');
  return runtime;
}

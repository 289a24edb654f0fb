/** Linesight's one process: env → config or demo → pipeline (db, projector, hub, connectors) → Next → listen. */
import { loadConfigFile } from '@/server/config/load-config-file';
import { startDemo, type Demo } from '@/server/demo/start-demo';
import { loadEnv } from '@/server/env';
import { startHttp } from '@/server/http/start-http';
import { logger } from '@/server/log';
import { startPipeline } from '@/server/pipeline';
import { ConnectionManager } from '@/server/connections/connection-manager';
import { setRuntime } from '@/server/runtime';
import { ensureAdmin, syncDemoUsers } from '@/server/auth/bootstrap-users';
import { printSignInHelp } from '@/server/auth/sign-in-help';
import { capHeapGrowth } from '@/server/heap-growth';

async function main(): Promise<void> {
  const startedAt = performance.now();
  capHeapGrowth();
  const env = loadEnv();
  const dev = process.argv.includes('--dev');
  const configured = env.LINESIGHT_CONFIG ? loadConfigFile(env.LINESIGHT_CONFIG) : [];
  const pipeline = startPipeline({
    databasePath: env.DATABASE_PATH,
    connections: [],
    secureCookies: env.PUBLIC_URL?.startsWith('https:') ?? false,
  });
  // Connections saved from the admin UI count as configured (DESIGN.md §6 `auto`).
  const anyConfigured = configured.length > 0 || ConnectionManager.savedCount(pipeline.db) > 0;
  const demoOn = env.LINESIGHT_DEMO === '1' || (env.LINESIGHT_DEMO === 'auto' && !anyConfigured);
  const demo: Demo | null = demoOn ? await startDemo(env) : null;
  const { generatedPassword } = await ensureAdmin(pipeline.db, env.LINESIGHT_ADMIN_PASSWORD, new Date());
  await syncDemoUsers(pipeline.db, demo !== null, new Date());
  setRuntime({ env, ...pipeline, metrics: pipeline.metrics.registry, demo: demo ? { controlUrl: demo.controlUrl } : null });
  const http = await startHttp({ host: env.HOST, port: env.PORT, dev, hub: pipeline.hub, auth: pipeline.auth });
  logger.info(
    { url: http.url, demo: demo ? { simulatorControl: demo.controlUrl } : false, startupMs: Math.round(performance.now() - startedAt) },
    `Linesight is live at ${http.url}`,
  );
  // Connectors start once we know the URL PBXs reach us at (Telphin and VoipNow hooks point there).
  pipeline.connections.start(
    [
      ...configured.map((config) => ({ config, source: 'file' as const, sourceDetail: `config file ${env.LINESIGHT_CONFIG}` })),
      ...(demo?.connections ?? []).map((config) => ({ config, source: 'demo' as const, sourceDetail: 'embedded demo simulator' })),
    ],
    { publicUrl: env.PUBLIC_URL ?? http.url },
  );
  printSignInHelp(http.url, { generatedPassword, demo: demo !== null });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await http.close();
    await pipeline.stop();
    await demo?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, error instanceof Error ? error.message : 'start-up failed');
  process.exit(1);
});

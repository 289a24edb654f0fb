import { E2E_ADMIN_PASSWORD } from './auth';
import { startServer } from './start-server';

/**
 * One server for the specs: demo mode, no random traffic (scripted calls are the only ones), a
 * known admin password; its URLs reach the specs through the environment.
 */
export default async function globalSetup() {
  const server = await startServer({ LINESIGHT_DEMO: '1', LINESIGHT_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD });
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_SIM_CONTROL = server.control ?? '';
  return () => server.stop();
}

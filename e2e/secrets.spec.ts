/**
 * Secrets are write-only: with known secrets configured, none may appear in any API response,
 * WebSocket frame or log line captured while the demo runs (issue 3 §6).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator } from '@/server/simulator';
import { credentials, E2E_ADMIN_PASSWORD } from './auth';
import { routeMethods } from './route-files';
import { startServer, type StartedServer } from './start-server';

const NOOJEE_API_KEY = 'secret-apikey-5d1c9e7a';
const NEW_USER_PASSWORD = 'secret-userpass-0a8b';

let sim: RunningSimulator;
let server: StartedServer;

test.beforeAll(async () => {
  sim = await startSimulator({ noojeeApiKey: NOOJEE_API_KEY, noojeeMinReplyMs: 20 });
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'linesight-secrets-'));
  const configFile = path.join(dir, 'config.json');
  const connection = { id: 'hq', vendor: 'noojee', name: 'HQ', baseUrl: sim.urls.noojee, apiKey: NOOJEE_API_KEY, extensions: ['201', '202'] };
  fs.writeFileSync(configFile, JSON.stringify({ connections: [connection] }));
  server = await startServer({ LINESIGHT_DEMO: '1', LINESIGHT_CONFIG: configFile, LINESIGHT_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD, LOG_LEVEL: 'debug' });
});

test.afterAll(async () => {
  await server?.stop();
  await sim?.close();
});

test('no configured secret appears in responses, frames or logs', async () => {
  const seen: string[] = [];
  const admin = await playwrightRequest.newContext({ baseURL: server.url });
  const headers = { Origin: server.url };
  seen.push(await (await admin.post('/api/session', { data: credentials('admin'), headers })).text());
  seen.push(await (await admin.post('/api/session', { data: { username: 'admin', password: `${E2E_ADMIN_PASSWORD}x` }, headers })).text());
  await admin.post('/api/session', { data: credentials('admin'), headers });
  seen.push(await (await admin.post('/api/users', { data: { username: 'newbie', password: NEW_USER_PASSWORD, role: 'viewer' }, headers })).text());
  for (const route of routeMethods().filter((r) => r.method === 'GET')) seen.push(await (await admin.get(route.path)).text());
  await sim.engine.placeCall('0288887777', '201');

  const cookie = (await admin.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const frames = await new Promise<string[]>((resolve, reject) => {
    const got: string[] = [];
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { Cookie: cookie } });
    socket.on('message', (data) => got.push(data.toString()));
    socket.on('error', reject);
    setTimeout(() => {
      socket.close();
      resolve(got);
    }, 1500);
  });
  expect(frames.length).toBeGreaterThan(0);
  seen.push(...frames);
  await admin.dispose();

  const everything = [...seen, server.output()].join('\n');
  expect(everything).toContain('hq'); // the run did reach the configured connection
  for (const secret of [NOOJEE_API_KEY, E2E_ADMIN_PASSWORD, NEW_USER_PASSWORD]) {
    expect(everything.includes(secret), `secret ${secret.slice(0, 10)}… leaked`).toBe(false);
    expect(everything.includes(encodeURIComponent(secret))).toBe(false);
  }
});

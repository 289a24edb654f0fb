import { expect, request as playwrightRequest, test } from '@playwright/test';
import WebSocket from 'ws';
import { signIn } from './auth';
import { baseUrl } from './sim';

/** Opens /ws with the given headers; resolves with the handshake's HTTP status (101 = opened). */
function handshake(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl().replace('http', 'ws')}/ws`, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (err) => reject(err));
  });
}

async function sessionCookie(): Promise<string> {
  const context = await playwrightRequest.newContext();
  await signIn(context, 'viewer');
  const cookies = await context.storageState();
  await context.dispose();
  return cookies.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

test('/ws refuses an upgrade without a valid session or display token', async () => {
  expect(await handshake({})).toBe(401);
  expect(await handshake({ Cookie: 'ls_session=forged' })).toBe(401);
  expect(await handshake({ Cookie: 'ls_display=forged' })).toBe(401);
  const cookie = await sessionCookie();
  expect(await handshake({ Cookie: cookie })).toBe(101);
  // A signed-in user's cookie sent by another site's page must not open the board.
  expect(await handshake({ Cookie: cookie, Origin: 'https://evil.example' })).toBe(403);
});

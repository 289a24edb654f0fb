/**
 * The authorisation matrix: every method of every route file, asked by anonymous, viewer,
 * supervisor, admin and a kiosk display. A route without a `guarded(...)` declaration fails here,
 * and so does one whose behaviour does not match what it declares.
 */
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { judge, type Principal } from '@/server/auth/principal';
import { signIn, type UserRole } from './auth';
import { routeMethods } from './route-files';
import { baseUrl } from './sim';

type Who = 'anonymous' | UserRole | 'kiosk';
const WHO: Who[] = ['anonymous', 'viewer', 'supervisor', 'admin', 'kiosk'];

const stand_in: Record<Who, Principal | null> = {
  anonymous: null,
  viewer: { kind: 'user', userId: 0, username: 'v', role: 'viewer', sessionHash: '' },
  supervisor: { kind: 'user', userId: 0, username: 's', role: 'supervisor', sessionHash: '' },
  admin: { kind: 'user', userId: 0, username: 'a', role: 'admin', sessionHash: '' },
  kiosk: { kind: 'display', displayId: 0, name: 'k', role: 'kiosk' },
};

async function contextFor(who: Who): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: baseUrl() });
  if (who === 'anonymous') return context;
  if (who !== 'kiosk') {
    await signIn(context, who);
    return context;
  }
  const admin = await playwrightRequest.newContext({ baseURL: baseUrl() });
  await signIn(admin, 'admin');
  const created = await admin.post('/api/displays', { data: { name: 'Matrix TV' }, headers: { Origin: baseUrl() } });
  const { url } = (await created.json()) as { url: string };
  await context.get(url); // sets the display cookie
  await admin.dispose();
  return context;
}

const routes = routeMethods();
// Signing out ends the session the other rows use: ask it last.
routes.sort((a, b) => Number(a.path === '/api/session' && a.method === 'DELETE') - Number(b.path === '/api/session' && b.method === 'DELETE'));

test('every route handler declares its access through guarded()', () => {
  expect(routes.length).toBeGreaterThan(8);
  const unguarded = routes.filter((r) => r.access === null).map((r) => `${r.method} ${r.file}`);
  expect(unguarded, 'route handlers without guarded(...)').toEqual([]);
});

for (const who of WHO) {
  test(`authorisation matrix as ${who}`, async () => {
    const context = await contextFor(who);
    const rows: string[] = [];
    for (const route of routes) {
      const response = await context.fetch(route.path, {
        method: route.method,
        headers: { Origin: baseUrl() },
        data: route.method === 'GET' ? undefined : {},
        maxRedirects: 0,
      });
      const status = response.status();
      const verdict = route.access ? judge(route.access, stand_in[who]) : 'unguarded';
      const fine =
        verdict === 'unauthenticated' ? status === 401 : verdict === 'forbidden' ? status === 403 : route.access === 'public' || route.access === 'webhook' ? status < 500 : ![401, 403].includes(status) && status < 500;
      if (!fine) rows.push(`${route.method} ${route.path} (${route.access}) → ${status}, expected ${verdict}`);
    }
    expect(rows).toEqual([]);
    await context.dispose();
  });
}

test('state-changing requests need this server as their Origin (CSRF)', async () => {
  const context = await contextFor('supervisor');
  const foreign = await context.post('/api/calls/x/recording', { headers: { Origin: 'https://evil.example' } });
  expect(foreign.status()).toBe(403);
  const missing = await context.post('/api/calls/x/recording', { headers: { Origin: '' } });
  expect(missing.status()).toBe(403);
  const login = await context.post('/api/session', { data: { username: 'x', password: 'y' }, headers: { Origin: 'https://evil.example' } });
  expect(login.status()).toBe(403);
  await context.dispose();
});

test('pages: signed-out visitors go to sign-in, admin pages are for admins', async () => {
  const anonymous = await contextFor('anonymous');
  const board = await anonymous.get('/', { maxRedirects: 0 });
  expect(board.status()).toBe(302);
  expect(board.headers().location).toBe('/login?next=%2F');
  expect((await anonymous.get('/login')).status()).toBe(200);
  const viewer = await contextFor('viewer');
  expect((await viewer.get('/admin/users', { maxRedirects: 0 })).status()).toBe(403);
  expect((await viewer.get('/', { maxRedirects: 0 })).status()).toBe(200);
  const response = await viewer.get('/');
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  await anonymous.dispose();
  await viewer.dispose();
});

import { expect, test } from '@playwright/test';
import { credentials, signIn } from './auth';
import { baseUrl, control } from './sim';

test('signing in through the form shows the board; signing out returns to sign-in', async ({ page }) => {
  await page.goto(baseUrl());
  await expect(page).toHaveURL(/\/login\?next=/);
  const { username, password } = credentials('supervisor');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Scoped to main: Next's route announcer is a role=alert element too.
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Wrong username or password');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('[data-testid="tile-demo-noojee:201"]')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
});

test('a viewer sees no Record button, and a direct API call gets 403', async ({ page }) => {
  await control('/control/reset', {});
  await signIn(page, 'viewer');
  await page.goto(baseUrl());
  const { callId } = await control<{ callId: string }>('/control/calls', { from: '0299112233', to: '209' });
  await control(`/control/calls/${encodeURIComponent(callId)}/answer`, { extension: '209' });
  const tile = page.locator('[data-testid="tile-demo-noojee:209"]');
  await expect(tile).toHaveAttribute('data-state', 'talking');
  await expect(tile.getByRole('button', { name: 'Record' })).toHaveCount(0);
  const legId = `demo-noojee:209:${callId}`;
  const response = await page.request.post(`${baseUrl()}/api/calls/${encodeURIComponent(legId)}/recording`, { headers: { Origin: baseUrl() } });
  expect(response.status()).toBe(403);
  await control(`/control/calls/${encodeURIComponent(callId)}/hangup`, {});
});

test('a kiosk link shows the board with no login and keeps updating; a revoked link stops', async ({ browser, page }) => {
  await control('/control/reset', {});
  await signIn(page, 'admin');
  const created = await page.request.post(`${baseUrl()}/api/displays`, { data: { name: 'Floor TV' }, headers: { Origin: baseUrl() } });
  expect(created.status()).toBe(201);
  const { url, display } = (await created.json()) as { url: string; display: { id: number } };

  const tv = await browser.newContext();
  const screen = await tv.newPage();
  await screen.goto(url);
  const tile = screen.locator('[data-testid="tile-demo-noojee:210"]');
  await expect(tile).toHaveAttribute('data-state', 'idle');
  await expect(screen.getByRole('button', { name: 'Record' })).toHaveCount(0);
  const { callId } = await control<{ callId: string }>('/control/calls', { from: '0299445566', to: '210' });
  await expect(tile).toHaveAttribute('data-state', 'ringing', { timeout: 2000 });

  const revoked = await page.request.delete(`${baseUrl()}/api/displays/${display.id}`, { headers: { Origin: baseUrl() } });
  expect(revoked.status()).toBe(204);
  await expect(screen.getByTestId('display-revoked')).toBeVisible({ timeout: 10_000 });
  expect((await screen.request.get(`${baseUrl()}/api/board`)).status()).toBe(401);
  await control(`/control/calls/${encodeURIComponent(callId)}/hangup`, {});
  await tv.close();
});

test('the audit page lists sign-ins and recording actions', async ({ page }) => {
  await control('/control/reset', {});
  await signIn(page, 'admin');
  const { callId } = await control<{ callId: string }>('/control/calls', { from: '0299001122', to: '211' });
  await control(`/control/calls/${encodeURIComponent(callId)}/answer`, { extension: '211' });
  const legId = `demo-noojee:211:${callId}`;
  await expect
    .poll(async () => (await page.request.post(`${baseUrl()}/api/calls/${encodeURIComponent(legId)}/recording`, { headers: { Origin: baseUrl() } })).status())
    .toBe(202);
  await page.goto(`${baseUrl()}/admin/audit`);
  const table = page.getByRole('table');
  await expect(table).toContainText('session.sign_in');
  await expect(table).toContainText('recording.start');
  await expect(table).toContainText(legId);
  await control(`/control/calls/${encodeURIComponent(callId)}/hangup`, {});
});

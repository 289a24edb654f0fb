import { expect, test } from '@playwright/test';
import { signIn } from './auth';
import { baseUrl, control } from './sim';

const tile = (ext: string) => `[data-testid="tile-demo-switchvox:${ext}"]`;

test.beforeEach(async ({ page }) => {
  await control('/control/reset', {});
  await signIn(page, 'supervisor');
});

test('the Switchvox PBX sits beside the Noojee one in the same grid, each tile marked with its PBX', async ({ page }) => {
  await page.goto(baseUrl());
  await expect(page.getByTestId('conn-demo-switchvox')).toHaveAttribute('data-status', 'live');
  await expect(page.getByTestId('conn-demo-noojee')).toHaveAttribute('data-status', 'live');
  await expect(page.locator(tile('304'))).toContainText('Demo Switchvox');
  await expect(page.locator('[data-testid="tile-demo-noojee:204"]')).toContainText('Demo Noojee');

  const { callId } = await control<{ callId: string }>('/control/calls', { from: '0298765432', to: '304', callerName: 'Zoë Fernández' });
  await expect(page.locator(tile('304'))).toHaveAttribute('data-state', 'ringing', { timeout: 1000 });
  await expect(page.locator(tile('304'))).toContainText('Zoë Fernández');
  await control(`/control/calls/${encodeURIComponent(callId)}/answer`, { extension: '304' });
  await expect(page.locator(tile('304'))).toHaveAttribute('data-state', 'talking', { timeout: 1000 });
  await control(`/control/calls/${encodeURIComponent(callId)}/hangup`, {});
  await expect(page.locator(tile('304'))).toHaveAttribute('data-state', 'idle', { timeout: 1000 });
});

test('click-to-dial: Call on a tile rings the supervisor phone first (the connection login extension)', async ({ page }) => {
  await page.goto(baseUrl());
  const target = page.locator(tile('305'));
  await target.getByRole('button', { name: 'Call' }).click();
  await expect(page.getByLabel('Number')).toHaveValue('305');
  await page.getByRole('button', { name: 'Ring my phone' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your phone is ringing' })).toBeVisible();
  const login = page.locator(tile('301'));
  await expect(login).toHaveAttribute('data-state', 'ringing', { timeout: 2000 });
  const truth = await control<{ legs: { extension: string; state: string }[] }>('/control/truth');
  expect(truth.legs.filter((l) => l.extension === '301').map((l) => l.state)).toEqual(['ringing']);
});

test('a viewer gets no Call button and the dial route refuses them', async ({ page }) => {
  await signIn(page, 'viewer');
  await page.goto(baseUrl());
  await expect(page.locator(tile('305'))).toBeVisible();
  await expect(page.getByRole('button', { name: 'Call' })).toHaveCount(0);
  const response = await page.request.post(`${baseUrl()}/api/connections/demo-switchvox/dial`, { data: { to: '305' }, headers: { Origin: baseUrl() } });
  expect(response.status()).toBe(403);
});

test('Noojee click-to-dial rings the desk extension set in the profile', async ({ page }) => {
  await page.goto(`${baseUrl()}/profile`);
  await page.getByLabel('Demo Noojee extension').fill('212');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('Saved');
  await page.goto(baseUrl());
  await page.locator('[data-testid="tile-demo-noojee:214"]').getByRole('button', { name: 'Call' }).click();
  await page.getByRole('button', { name: 'Ring my phone' }).click();
  await expect(page.locator('[data-testid="tile-demo-noojee:212"]')).toHaveAttribute('data-state', 'ringing', { timeout: 2000 });
});

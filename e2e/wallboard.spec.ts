import { expect, test } from '@playwright/test';
import { signIn } from './auth';
import { baseUrl, control } from './sim';

const CONN = 'demo-noojee';
const tile = (ext: string) => `[data-testid="tile-${CONN}:${ext}"]`;

test.beforeEach(async ({ page }) => {
  await control('/control/reset', {});
  await signIn(page, 'supervisor');
});

test('the board shows a tile per extension, the PBX chip and a live banner', async ({ page }) => {
  await page.goto(baseUrl());
  await expect(page.locator(tile('201'))).toBeVisible();
  await expect(page.locator(tile('216'))).toBeVisible();
  await expect(page.getByTestId(`conn-${CONN}`)).toHaveAttribute('data-status', 'live');
  await expect(page.getByTestId('live-banner')).toHaveAttribute('data-live', 'true');
});

test('a scripted call rings, is answered and hangs up, and the tile follows within a second', async ({ page }) => {
  await page.goto(baseUrl());
  const target = page.locator(tile('203'));
  await expect(target).toHaveAttribute('data-state', 'idle');

  const { callId } = await control<{ callId: string }>('/control/calls', { from: '0298765432', to: '203' });
  await expect(target).toHaveAttribute('data-state', 'ringing', { timeout: 1000 });
  await expect(target).toContainText('0298765432');

  await control(`/control/calls/${encodeURIComponent(callId)}/answer`, { extension: '203' });
  await expect(target).toHaveAttribute('data-state', 'talking', { timeout: 1000 });

  await control(`/control/calls/${encodeURIComponent(callId)}/hangup`, {});
  await expect(target).toHaveAttribute('data-state', 'idle', { timeout: 1000 });
});

test('Record then Stop on a live call shows the badge and the simulator confirms the recording', async ({ page }) => {
  await page.goto(baseUrl());
  const target = page.locator(tile('204'));
  const { callId, uniqueCallId } = await control<{ callId: string; uniqueCallId: string }>('/control/calls', { from: '205', to: '204' });
  await control(`/control/calls/${encodeURIComponent(callId)}/answer`, { extension: '204' });
  await expect(target).toHaveAttribute('data-state', 'talking', { timeout: 1000 });

  await target.getByRole('button', { name: 'Record' }).click();
  await expect(target.getByTestId('rec-badge')).toBeVisible();
  await expect(target).toHaveAttribute('data-recording', 'on');
  const recordings = async () =>
    (await control<{ recordings: { uniqueCallId: string; active: boolean }[] }>('/control/recordings')).recordings;
  await expect.poll(async () => (await recordings()).find((r) => r.uniqueCallId === uniqueCallId)?.active).toBe(true);

  await target.getByRole('button', { name: 'Stop' }).click();
  await expect(target).toHaveAttribute('data-recording', 'off');
  await expect(target.getByTestId('rec-badge')).toHaveCount(0);
  await expect.poll(async () => (await recordings()).find((r) => r.uniqueCallId === uniqueCallId)?.active).toBe(false);
  await control(`/control/calls/${encodeURIComponent(callId)}/hangup`, {});
});

test('a recording the PBX refuses shows its message and leaves the state honest', async ({ page }) => {
  await page.goto(baseUrl());
  const target = page.locator(tile('206'));
  const { callId } = await control<{ callId: string }>('/control/calls', { from: '0355501234', to: '206' });
  await control(`/control/calls/${encodeURIComponent(callId)}/answer`, { extension: '206' });
  await expect(target).toHaveAttribute('data-state', 'talking', { timeout: 1000 });
  await control('/control/faults', { target: 'noojee', kind: 'http500', method: 'start', count: 1 });
  await target.getByRole('button', { name: 'Record' }).click();
  await expect(target.getByRole('alert')).toContainText('500');
  await expect(target).toHaveAttribute('data-recording', 'off');
  await expect(target.getByTestId('rec-badge')).toHaveCount(0);
  await control(`/control/calls/${encodeURIComponent(callId)}/hangup`, {});
});

test('the /ws socket stays open through the custom server and receives deltas', async ({ page }) => {
  const frames: string[] = [];
  let closed = false;
  page.on('websocket', (ws) => {
    if (!ws.url().endsWith('/ws')) return;
    ws.on('framereceived', (frame) => frames.push(String(frame.payload)));
    ws.on('close', () => (closed = true));
  });
  await page.goto(baseUrl());
  await expect.poll(() => frames.some((f) => f.includes('"type":"snapshot"'))).toBe(true);
  const { callId } = await control<{ callId: string }>('/control/calls', { from: '0411000111', to: '207' });
  await expect.poll(() => frames.filter((f) => f.includes('"type":"delta"') && f.includes(`${CONN}:207`)).length).toBeGreaterThan(0);
  await control(`/control/calls/${encodeURIComponent(callId)}/hangup`, {});
  await page.waitForTimeout(500);
  expect(closed).toBe(false);
});

import { expect, test } from '@playwright/test';
import { signIn } from './auth';
import { baseUrl, control } from './sim';

test.beforeEach(async ({ page }) => {
  await control('/control/reset', {});
  await signIn(page, 'supervisor');
});

test('the Telphin queue panel shows a waiting caller with a growing wait, then the agent ringing, then talking', async ({ page }) => {
  await page.goto(baseUrl());
  await expect(page.getByTestId('conn-demo-telphin')).toHaveAttribute('data-status', 'live');
  const panel = page.getByTestId('queue-demo-telphin:620');
  await expect(panel).toBeVisible();

  const { callId } = await control<{ callId: string }>('/control/calls', { from: '+79035551234', to: '620' });
  await expect(panel).toContainText('79035551234', { timeout: 2000 });
  const waitText = async () => (await panel.locator('li').filter({ hasText: '79035551234' }).first().innerText()).match(/\d+:\d\d/)?.[0];
  const first = await waitText();
  await page.waitForTimeout(2200);
  const later = await waitText();
  expect(first).toBeTruthy();
  expect(later).not.toBe(first);

  await expect(panel.getByText('ringing')).toBeVisible({ timeout: 2000 });
  const truth = await control<{ legs: { extension: string; state: string; queue: string | null }[] }>('/control/truth');
  const agent = truth.legs.find((l) => l.queue === '620' && l.state === 'ringing')!.extension;
  await control(`/control/calls/${encodeURIComponent(callId)}/answer`, { extension: agent });
  await expect(panel.getByText('talking')).toBeVisible({ timeout: 2000 });
  await expect(panel.getByText('No callers waiting')).toBeVisible();
  await expect(page.locator(`[data-testid="tile-demo-telphin:${agent}"]`)).toHaveAttribute('data-state', 'talking');
  await control(`/control/calls/${encodeURIComponent(callId)}/hangup`, {});
});

import { expect, test } from '@playwright/test';
import { signIn } from './auth';
import { baseUrl, control } from './sim';

test('a VoipNow PBX joins the grid; its calls come from hooks and its recording control works from the tile', async ({ page }) => {
  await control('/control/reset', {});
  await signIn(page, 'supervisor');
  await page.goto(baseUrl());
  await expect(page.getByTestId('conn-demo-voipnow')).toHaveAttribute('data-status', 'live');
  const tile = page.locator('[data-testid="tile-demo-voipnow:506"]');
  await expect(tile).toContainText('Demo VoipNow');

  const { callId } = await control<{ callId: string }>('/control/calls', { from: '0040317778888', to: '506' });
  await expect(tile).toHaveAttribute('data-state', 'ringing', { timeout: 2000 });
  await control(`/control/calls/${encodeURIComponent(callId)}/answer`, { extension: '506' });
  await expect(tile).toHaveAttribute('data-state', 'talking', { timeout: 3000 });

  await tile.getByRole('button', { name: 'Record' }).click();
  await expect(tile).toHaveAttribute('data-recording', 'on', { timeout: 5000 });
  const recording = async () =>
    (await control<{ legs: { extension: string; recording: boolean }[] }>('/control/truth')).legs.find((l) => l.extension === '506')?.recording;
  await expect.poll(recording).toBe(true);
  await tile.getByRole('button', { name: 'Stop' }).click();
  await expect(tile).toHaveAttribute('data-recording', 'off', { timeout: 5000 });
  await expect.poll(recording).toBe(false);
  await control(`/control/calls/${encodeURIComponent(callId)}/hangup`, {});
  await expect(tile).toHaveAttribute('data-state', 'idle', { timeout: 5000 });
});

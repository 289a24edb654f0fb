/** Faults made visible (issue 8 §4): the admin health page and /metrics carry per-connection figures. */
import { expect, test } from '@playwright/test';
import { signIn } from './auth';
import { baseUrl } from './sim';

test('the health page shows every connection live with its rate, lag, reconnects and webhook rejects', async ({ page }) => {
  await signIn(page, 'admin');
  // A webhook with a wrong token is a reject the page must count.
  const rejected = await page.request.post(`${baseUrl()}/hooks/demo-telphin/dial-in?token=wrong`, { form: { CallID: '1' } });
  expect(rejected.status()).toBe(401);
  await page.goto(`${baseUrl()}/admin/health`);
  await expect(page.getByRole('heading', { name: 'Health' })).toBeVisible();
  await expect(page.getByTestId('health-storage')).toHaveAttribute('data-ok', 'true');
  for (const id of ['demo-noojee', 'demo-switchvox', 'demo-telphin', 'demo-voipnow']) {
    await expect(page.getByTestId(`health-${id}`).locator('[data-status]')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  }
  const details = (await (await page.request.get(`${baseUrl()}/api/health/details`)).json()) as { connections: { id: string; webhookRejects: number }[] };
  expect(details.connections.find((c) => c.id === 'demo-telphin')?.webhookRejects).toBeGreaterThanOrEqual(1);

  const metrics = await (await page.request.get(`${baseUrl()}/metrics`)).text();
  for (const name of ['linesight_events_total', 'linesight_event_lag_seconds', 'linesight_connection_reconnects_total', 'linesight_connection_up', 'linesight_webhook_rejects_total', 'linesight_ws_clients', 'linesight_storage_failing']) {
    expect(metrics, name).toContain(name);
  }
  expect(metrics).toContain('linesight_webhook_rejects_total{connection="demo-telphin",reason="token"}');
});

/**
 * Issue 7 end to end: an admin runs the PBX side from the browser. A second simulated Telphin
 * account (a "branch" with 50 extra back-office phones) is added as a new connection, tested and
 * brought live; hooks are created, edited and deleted on it and on the demo VoipNow server; a vendor
 * refusal shows under the URL field; a new hook's deliveries are counted; a bulk run covers 50
 * extensions, twice.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { defaultDirectory } from '@/server/simulator/engine/directory';
import { startSimulator, type RunningSimulator } from '@/server/simulator';
import { signIn } from './auth';
import { baseUrl } from './sim';

const BRANCH = { clientId: 'e2e-branch-app', clientSecret: 'e2e-branch-secret-3b9' };
const BACK_OFFICE = Array.from({ length: 50 }, (_, i) => String(4501 + i));

let branch: RunningSimulator;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const directory = defaultDirectory();
  for (const [i, number] of BACK_OFFICE.entries()) directory.phones.push({ number, name: `Back office ${i + 1}`, site: 'C', login: `bo${i + 1}` });
  branch = await startSimulator({ noojeeApiKey: 'unused-e2e', telphin: { ...BRANCH, hookLimit: 1000 }, engine: { directory }, traffic: false });
});

test.afterAll(async () => {
  await branch?.close();
});

async function openHooks(page: Page, connectionId: string, search: string, extensionLabel: string) {
  await page.goto(`${baseUrl()}/admin/hooks`);
  await page.getByLabel('Connection').selectOption(connectionId);
  await page.getByLabel('Search extensions').fill(search);
  await page.getByRole('button', { name: extensionLabel, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Hooks of ${extensionLabel}` })).toBeVisible();
}

const urlField = (page: Page) => page.getByRole('textbox', { name: 'URL', exact: true });
const hookRows = (page: Page) => page.locator('[data-testid^="hook-row-"]');

/** The id the PBX gave a hook: the optimistic row carries `pending-N` until the create returns. */
async function savedHookId(row: Locator): Promise<string> {
  await expect(row).toHaveAttribute('data-testid', /^hook-row-(?!pending-)/);
  return (await row.getAttribute('data-testid'))!.replace('hook-row-', '');
}

test('an admin adds a Telphin connection, tests it (a wrong secret fails at sign-in) and sees it go live', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto(`${baseUrl()}/admin/connections`);
  await expect(page.getByTestId('connection-row-demo-telphin')).toContainText('read-only');
  await page.getByRole('button', { name: 'Add connection' }).click();
  await page.getByLabel('Vendor').selectOption('telphin');
  await page.getByLabel('Connection id').fill('branch');
  await page.getByLabel('Name', { exact: true }).fill('Branch office');
  await page.getByLabel('Base URL').fill(branch.urls.telphin);
  await page.getByLabel('Client id').fill(BRANCH.clientId);
  await page.getByLabel('Client secret').fill('not-the-secret');
  await page.getByLabel('Extensions').fill('401\n402');

  await page.getByRole('button', { name: 'Test connection' }).click();
  const failed = page.getByRole('main').getByRole('alert');
  await expect(failed).toContainText('sign-in');
  await expect(failed).not.toContainText('not-the-secret');

  await page.getByLabel('Client secret').fill(BRANCH.clientSecret);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Connection works' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('main')).toContainText('62 phones, queues and IVRs on the account, 2 watched');

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('connection-status-branch')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await expect(page.getByTestId('connection-row-branch')).not.toContainText('not-the-secret');

  await page.goto(baseUrl());
  await expect(page.getByTestId('tile-branch:401')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('tile-branch:402')).toBeVisible();
});

test('Telphin hooks: create one pointing at Linesight, the PBX calls it and its delivery count rises; edit; delete', async ({ page }) => {
  await signIn(page, 'admin');
  await openHooks(page, 'branch', '403', '0003*403');
  await expect(hookRows(page)).toHaveCount(0);
  await page.getByLabel('Event type').selectOption('dial-in');
  await page.getByLabel('Method').selectOption('POST');
  await page.getByRole('radio', { name: 'This Linesight server' }).check();
  await page.getByRole('button', { name: 'Create hook' }).click();

  const row = hookRows(page).first();
  await expect(row).toHaveAttribute('data-ours', 'true');
  await expect(row).toContainText('Linesight');
  await expect(row).not.toContainText(BRANCH.clientSecret);
  const hookId = await savedHookId(row);
  await expect(page.getByTestId(`delivery-${hookId}`)).toHaveAttribute('data-last-hour', '0');

  const call = await fetch(`${branch.urls.control}/control/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: '+79035550101', to: '403' }),
  });
  expect(call.ok).toBe(true);
  await expect(page.getByTestId(`delivery-${hookId}`)).toHaveAttribute('data-last-hour', '1', { timeout: 15_000 });

  await page.getByRole('button', { name: `Edit hook ${hookId}` }).click();
  await page.getByLabel('Method').selectOption('GET');
  await page.getByRole('radio', { name: 'Other URL' }).check();
  await urlField(page).fill('https://crm.example/telphin?src=linesight');
  await page.getByRole('button', { name: 'Save hook' }).click();
  await expect(page.getByTestId(`hook-row-${hookId}`)).toContainText('https://crm.example/telphin?src=linesight');
  await expect(page.getByTestId(`hook-row-${hookId}`)).toContainText('GET');
  // The row shows the edit at once and stays busy until the PBX has answered.
  await expect(page.getByTestId(`hook-row-${hookId}`)).not.toHaveAttribute('aria-busy', 'true');
  expect(branch.telphin.hooks().find((h) => String(h.id) === hookId)).toMatchObject({ method: 'GET', url: 'https://crm.example/telphin?src=linesight' });

  await page.getByRole('button', { name: `Delete hook ${hookId}` }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByTestId(`hook-row-${hookId}`)).toHaveCount(0);
  await expect.poll(() => branch.telphin.hooks().some((h) => String(h.id) === hookId)).toBe(false);
});

test('VoipNow hooks: the vendor error pce_url_invalid shows under URL; create, edit and delete', async ({ page }) => {
  await signIn(page, 'admin');
  await openHooks(page, 'demo-voipnow', '503', '0005*503');
  // A watched extension: the connector's own call events are already there, marked as ours.
  await expect(hookRows(page).filter({ hasText: 'Linesight' }).first()).toBeVisible();
  const before = await hookRows(page).count();
  await page.getByLabel('Event type').selectOption('0');
  await page.getByLabel('Method').selectOption('1');
  await page.getByRole('radio', { name: 'Other URL' }).check();
  // A URL the browser accepts but VoipNow refuses (a raw space is not RFC 3986).
  await urlField(page).fill('https://crm.example/voip hook');
  await page.getByLabel('Note').fill('CRM screen pop');
  await page.getByRole('button', { name: 'Create hook' }).click();
  await expect(urlField(page)).toHaveAccessibleDescription(/pce_url_invalid/);
  await expect(hookRows(page)).toHaveCount(before);

  await urlField(page).fill('https://crm.example/voip-hook');
  await page.getByRole('button', { name: 'Create hook' }).click();
  await expect(hookRows(page)).toHaveCount(before + 1);
  const row = hookRows(page).filter({ hasText: 'https://crm.example/voip-hook' });
  await expect(row).toContainText('CRM screen pop');
  const hookId = await savedHookId(row);

  await page.getByRole('button', { name: `Edit hook ${hookId}` }).click();
  await expect(page.getByLabel('Event type')).toBeDisabled();
  await page.getByLabel('Note').fill('Paused during migration');
  await page.getByLabel('Status').selectOption('0');
  await page.getByRole('button', { name: 'Save hook' }).click();
  await expect(page.getByTestId(`hook-row-${hookId}`)).toContainText('Paused during migration');
  await expect(page.getByTestId(`hook-row-${hookId}`)).toContainText('disabled');
  await expect(page.getByTestId(`hook-row-${hookId}`)).not.toHaveAttribute('aria-busy', 'true');

  await page.getByRole('button', { name: `Delete hook ${hookId}` }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(hookRows(page)).toHaveCount(before);
});

test('bulk: 50 extensions sent to Linesight with progress and per-extension results, safe to run twice', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto(`${baseUrl()}/admin/connections`);
  await page.getByRole('link', { name: 'Hooks of branch' }).click();
  await expect(page.getByLabel('Connection')).toHaveValue('branch');
  await page.getByLabel('Search extensions').fill('*45');
  await expect(page.getByText('50 extensions', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Select all shown' }).click();
  const bulk = page.getByRole('region', { name: 'Bulk' });
  const progress = bulk.getByRole('progressbar', { name: 'Bulk progress' });

  for (const expected of ['created 4', 'kept 4']) {
    await bulk.getByRole('button', { name: 'Send their call events to Linesight' }).click();
    await expect(progress).toBeVisible();
    await expect(bulk.getByRole('status')).toContainText('Finished: 50 succeeded, 0 failed', { timeout: 30_000 });
    await expect(progress).toHaveAttribute('value', '50');
    await expect(bulk.locator('[data-testid^="bulk-result-"]')).toHaveCount(50);
    await expect(bulk.locator('[data-testid^="bulk-result-"][data-ok="true"]')).toHaveCount(50);
    await expect(bulk.locator('[data-testid^="bulk-result-"]').first()).toContainText(expected);
  }
  const ours = branch.telphin.hooks().filter((h) => h.url.includes('/hooks/branch/'));
  expect(ours.filter((h) => BACK_OFFICE.some((n) => h.extension.endsWith(`*${n}`))).length).toBe(50 * 4);
});

test('edit keeps the secret, disable takes the tiles off the board, delete removes it; every change is audited', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto(`${baseUrl()}/admin/connections`);
  await page.getByRole('button', { name: 'Edit branch' }).click();
  await expect(page.getByLabel('Client secret')).toHaveValue('');
  await page.getByLabel('Name', { exact: true }).fill('Branch (Moscow)');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('connection-row-branch')).toContainText('Branch (Moscow)');
  await expect(page.getByTestId('connection-status-branch')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });

  await page.getByRole('button', { name: 'Disable branch' }).click();
  await expect(page.getByTestId('connection-status-branch')).toHaveAttribute('data-status', 'disabled');
  // The status flips before the server answers; leaving the page then could cancel the request.
  await expect(page.getByRole('button', { name: 'Enable branch' })).toBeEnabled();
  await page.goto(baseUrl());
  await expect(page.getByTestId('tile-demo-telphin:401')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('tile-branch:401')).toHaveCount(0);

  await page.goto(`${baseUrl()}/admin/connections`);
  await page.getByRole('button', { name: 'Delete branch' }).click();
  await page.getByRole('button', { name: 'Yes, delete branch' }).click();
  await expect(page.getByTestId('connection-row-branch')).toHaveCount(0);

  // The row goes before the server answers, so the delete's audit line may be a moment behind.
  const audited = async () => {
    const audit = await page.request.get(`${baseUrl()}/api/audit?limit=200`);
    return ((await audit.json()) as { entries: { action: string; target: string | null }[] }).entries
      .filter((e) => e.target?.startsWith('branch'))
      .map((e) => e.action);
  };
  const expected = ['connection.create', 'connection.test', 'connection.update', 'connection.disable', 'connection.delete', 'hook.create', 'hook.update', 'hook.delete', 'hooks.ensure'];
  await expect.poll(audited).toEqual(expect.arrayContaining(expected));
});

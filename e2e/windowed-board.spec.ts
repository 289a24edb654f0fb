import { expect, test } from '@playwright/test';
import { startFakePbx, type FakePbx } from '@/bench/lib/fake-noojee-pbx';
import { startRealServer, type RealServer } from '@/bench/lib/real-server';

/**
 * A board above 300 tiles is windowed (components/wallboard/windowed-tiles.tsx). The demo PBXs have
 * 48 phones, so this spec runs its own server against the bench's Noojee PBX with 400 extensions and
 * calls flowing through them.
 */
let pbx: FakePbx;
let server: RealServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  pbx = await startFakePbx({ extensions: 400 });
  server = await startRealServer(pbx);
});

test.afterAll(async () => {
  await server?.stop();
  await pbx?.close();
});

const TILES = '[data-testid^="tile-"]';

test('a windowed board keeps every row one height while calls come and go, and a dial form paints over the rows below', async ({ page, context }) => {
  const [name, ...value] = (await server.signIn()).split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: server.url }]);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(server.url);
  await expect(page.locator('[data-tile-count="400"]')).toBeVisible();
  const rendered = await page.locator(TILES).count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(400);

  pbx.setRate(200);
  const look = () =>
    page.locator(TILES).evaluateAll((els) => ({
      states: [...new Set(els.map((el) => el.getAttribute('data-state')))],
      heights: [...new Set(els.map((el) => (el as HTMLElement).offsetHeight))],
    }));
  // Once a call line has been shown, idle tiles and tiles on a call are all as tall as the tallest.
  await expect.poll(async () => (await look()).states.includes('talking'), { timeout: 15_000 }).toBe(true);
  await expect.poll(async () => (await look()).heights.length, { timeout: 5_000 }).toBe(1);
  // Each tile goes round idle, ringing, talking every few seconds: none changes height meanwhile.
  const states = new Set<string | null>();
  const heights = new Set<number>();
  for (let i = 0; i < 40; i++) {
    const seen = await look();
    seen.states.forEach((state) => states.add(state));
    seen.heights.forEach((height) => heights.add(height));
    await page.waitForTimeout(200);
  }
  expect(states).toContain('idle');
  expect(states).toContain('talking');
  expect([...heights]).toHaveLength(1);

  // The first tile's form reaches into the next row, and that row must not cover it.
  const first = page.locator(TILES).first();
  await first.getByRole('button', { name: 'Call' }).click();
  const field = page.getByLabel('Number');
  await expect(field).toBeVisible();
  const tileBottom = (await first.boundingBox())!.y + (await first.boundingBox())!.height;
  const fieldBox = (await field.boundingBox())!;
  expect(fieldBox.y).toBeGreaterThan(tileBottom);
  const onTop = await field.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit === el || el.contains(hit);
  });
  expect(onTop).toBe(true);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(field).toHaveCount(0);
});

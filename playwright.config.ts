import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the real server in demo mode with a fresh database (e2e/global-setup.ts
 * starts it on free loopback ports). Browsers cannot be downloaded here: Debian's Chromium is used.
 */
export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
    trace: 'off',
  },
});

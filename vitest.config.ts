import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.next/**', 'e2e/**'],
    environment: 'node',
    // Connector warnings during fault-injection tests are expected; keep the output readable.
    env: { LOG_LEVEL: 'error' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});

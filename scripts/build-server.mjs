// The custom server, compiled ahead of time into one ES module (`npm run build`, after `next build`).
// Running it through tsx kept the TypeScript transform and its source maps in the server's heap:
// idle RSS 250 MB with tsx, 161 MB compiled (BENCHMARKS.md §5). Packages stay external (loaded from
// node_modules as usual); only our own code and its `@/` imports are bundled. Dev mode keeps tsx.
import { build } from 'esbuild';

export const SERVER_BUNDLE = '.next/linesight-server/main.mjs';

await build({
  entryPoints: ['server/main.ts'],
  outfile: SERVER_BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // For stack traces: `NODE_OPTIONS=--enable-source-maps npm start`.
  sourcemap: 'linked',
  logLevel: 'warning',
});

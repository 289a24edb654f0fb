/**
 * `npm run fuzz [-- target…]`: the full input corpus (issue 8). Prints the inputs and time per target
 * and each failure with the seed and path that reproduce it; exits 1 on any failure.
 * FUZZ_SEED (default 20260801), FUZZ_PATH (replay one failure), FUZZ_SCALE (default 1).
 */
process.env.LOG_LEVEL ??= 'fatal';

const { runCorpus } = await import('./corpus');
const seed = Number(process.env.FUZZ_SEED ?? 20260801);
const scale = Number(process.env.FUZZ_SCALE ?? 1);
const only = process.argv.slice(2);
const started = Date.now();
console.log(`fuzz: seed ${seed}, scale ${scale}${only.length ? `, targets ${only.join(' ')}` : ''}`);
const results = await runCorpus({
  scale,
  seed,
  only,
  path: process.env.FUZZ_PATH,
  onResult: (r) => console.log(`${r.failure ? 'FAIL' : 'ok  '} ${r.name.padEnd(22)} ${String(r.runs).padStart(6)} inputs  ${(r.ms / 1000).toFixed(1)} s${r.failure ? `\n  ${r.failure}` : ''}`),
});
const total = results.reduce((n, r) => n + r.runs, 0);
const failed = results.filter((r) => r.failure);
console.log(`fuzz: ${total} inputs across ${results.length} targets in ${((Date.now() - started) / 1000).toFixed(1)} s; ${failed.length} failed`);
process.exit(failed.length > 0 ? 1 : 0);

export {};

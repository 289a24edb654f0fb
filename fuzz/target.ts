/** A fuzz target: a named property run a given number of times from a fixed seed. */
import fc from 'fast-check';

export interface TargetResult {
  name: string;
  runs: number;
  ms: number;
  failure: string | null;
}

export interface RunOptions {
  numRuns: number;
  seed: number;
  /** Shrink a failing case (pure targets); stateful ones report the first failure as is. */
  shrink?: boolean;
  /** Replays one failure (with its seed): the `path` a failure report printed. */
  path?: string;
}

/** Runs `property` and describes a failure with the seed and path that reproduce it. */
export async function runProperty<T>(name: string, property: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>, options: RunOptions): Promise<TargetResult> {
  const started = Date.now();
  const details = await fc.check(property as fc.IAsyncProperty<T>, { numRuns: options.numRuns, seed: options.seed, endOnFailure: !options.shrink, ...(options.path ? { path: options.path } : {}) });
  const ms = Date.now() - started;
  if (!details.failed) return { name, runs: details.numRuns, ms, failure: null };
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const example = JSON.stringify(details.counterexample, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : Buffer.isBuffer(value) ? `<${value.length} bytes>` : value))?.slice(0, 2000);
  return {
    name,
    runs: details.numRuns,
    ms,
    failure: `${error}\n  counterexample: ${example}\n  reproduce: seed=${details.seed} path="${details.counterexamplePath ?? ''}" (FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''} npm run fuzz -- ${name})`,
  };
}

/** Throws with `message` when `condition` is false (properties fail by throwing). */
export function check(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new Error(typeof message === 'function' ? message() : message);
}

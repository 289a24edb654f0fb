/** The fuzz corpus: every target, with how many inputs each gets in the full run. */
import { startWorld } from './harness';
import { runHubTarget } from './hub-frames';
import { runRouteTarget } from './routes';
import type { RunOptions, TargetResult } from './target';
import { vendorTargets } from './vendor-replies';
import { runWebhookTarget } from './webhooks';

/** Full-run input counts per target (at least 10,000 in total); the Vitest sample scales them down. */
export const FULL_RUNS: Record<string, number> = {
  webhooks: 4000,
  'telphin-client': 1500,
  'telphin-normaliser': 1500,
  'voipnow-client': 1500,
  'voipnow-normaliser': 1500,
  'noojee-client': 1000,
  'switchvox-normaliser': 1000,
  'hub-frames': 1000,
  'api-routes': 1500,
};

/**
 * Runs the selected targets (all when `only` is empty), `scale` × their full counts, from `seed`.
 * The live targets share one world (simulator, pipeline, intake, hub, runtime).
 */
export async function runCorpus(o: { scale: number; seed: number; only?: readonly string[]; path?: string; onResult?: (r: TargetResult) => void }): Promise<TargetResult[]> {
  const selected = (name: string) => !o.only || o.only.length === 0 || o.only.includes(name);
  const opts = (name: string, shrink = false): RunOptions => ({ numRuns: Math.max(1, Math.round(FULL_RUNS[name]! * o.scale)), seed: o.seed, shrink, path: o.path });
  const results: TargetResult[] = [];
  const done = (r: TargetResult) => (results.push(r), o.onResult?.(r));
  for (const [name, run] of Object.entries(vendorTargets)) if (selected(name)) done(await run(opts(name, true)));
  if (['webhooks', 'hub-frames', 'api-routes'].some(selected)) {
    const world = await startWorld();
    try {
      if (selected('webhooks')) done(await runWebhookTarget(world, opts('webhooks')));
      if (selected('hub-frames')) done(await runHubTarget(world, opts('hub-frames')));
      if (selected('api-routes')) done(await runRouteTarget(world, opts('api-routes')));
    } finally {
      await world.close();
    }
  }
  return results;
}

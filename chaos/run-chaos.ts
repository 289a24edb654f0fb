/**
 * `npm run chaos -- --minutes N --seed S [--calls-per-minute R] [--settle S] [--kills K]`: a chaos run
 * (chaos/run.ts), its table on stdout, the figures in chaos/last-run.json; exit 1 when any call was
 * lost, phantom, duplicated or wrong, or a tile was still wrong after settling.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable, runChaos, SITES } from './run';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    'calls-per-minute': { type: 'string', default: '150' },
    settle: { type: 'string', default: '75' },
    kills: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const seed = Number(values.seed);
const callsPerMinute = Number(values['calls-per-minute']);
const settleS = Number(values.settle);
const killCount = values.kills === undefined ? Math.max(1, Math.round(minutes / 2)) : Number(values.kills);
if (![minutes, seed, callsPerMinute, settleS, killCount].every(Number.isFinite) || minutes <= 0) {
  console.error('usage: npm run chaos -- --minutes N --seed S [--calls-per-minute R] [--settle S] [--kills K]');
  process.exit(2);
}

const t0 = Date.now();
const result = await runChaos({ minutes, seed, callsPerMinute, settleS, killCount, log: (l) => console.log(`[chaos +${Math.round((Date.now() - t0) / 1000)} s] ${l}`) });
console.log(`\nseed ${seed}, ${minutes} min of faults at ${callsPerMinute} calls/min, settle ${settleS} s; up to ${result.maxConcurrentCalls} calls at once, ${result.maxQueueWaiting} waiting in queues; Linesight down ${(result.downMs / 1000).toFixed(1)} s`);
console.log(`Noojee restarts that dropped entries no reply had carried: ${result.noojeeUntoldSpans.length} (legs wholly inside them count as unobservable)`);
console.log(`faults: ${Object.entries(result.faults).sort().map(([k, n]) => `${k}×${n}`).join(' ')}\n`);
console.log(formatTable(result));
for (const { site } of SITES) for (const e of result.sites[site].examples) console.log(`  ${site}: ${e}`);
const out = path.join(process.cwd(), 'chaos', 'last-run.json');
fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nfigures: ${path.relative(process.cwd(), out)}; Linesight log: ${result.logPath}`);
const t = result.total;
process.exit(t.lost + t.phantom + t.duplicated + t.wrongOutcome + t.tilesWrongAtEnd > 0 ? 1 : 0);

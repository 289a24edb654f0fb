/**
 * `kill -9` during a write burst (issue 8 §3): the database opens again, passes its integrity check,
 * and holds whole batches only — every batch reported committed, never part of one.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { events } from './schema';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const BATCH = 50;

function writeUntilKilled(file: string, batches: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['db/testing/crash-writer.ts', file, String(BATCH)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    let committed = 0;
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) committed = Number(line.replace('committed ', ''));
      if (committed >= batches && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(committed) : reject(new Error(`writer exited without being killed (${signal})`))));
  });
}

describe('durability', () => {
  it('survives kill -9 mid-burst with whole batches only, twice over', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-crash-'));
    dirs.push(dir);
    const file = path.join(dir, 'crash.db');
    let reported = 0;
    for (let round = 1; round <= 2; round++) {
      reported += await writeUntilKilled(file, 20);
      const db = openDatabase(file); // throws unless quick_check says ok
      const rows = db.select().from(events).all().length;
      db.$client.close();
      // One `extensions.known` event (the same key every round, so stored once) plus whole batches.
      const legEvents = rows - 1;
      expect(legEvents % BATCH).toBe(0);
      expect(legEvents / BATCH).toBeGreaterThanOrEqual(reported);
    }
  }, 60_000);
});

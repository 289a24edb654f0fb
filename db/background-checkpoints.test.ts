import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { leg, upsert } from '@/server/domain/test-events';
import { startBackgroundCheckpoints } from './background-checkpoints';
import { openDatabase } from './client';
import { createProjectorStore } from './queries/projector-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function openWal(): { db: Database.Database; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-checkpoints-'));
  dirs.push(dir);
  const file = path.join(dir, 'test.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table t (id integer primary key, body blob not null)');
  return { db, file };
}

const walBytes = (file: string) => fs.statSync(`${file}-wal`).size;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One page-sized row per commit, yielding between commits like the pipeline between batches. */
async function writeBusily(db: Database.Database, commits: number): Promise<void> {
  const insert = db.prepare('insert into t (body) values (?)');
  const body = Buffer.alloc(4096, 7);
  for (let i = 0; i < commits; i++) {
    insert.run(body);
    if (i % 10 === 9) await sleep(1);
  }
}

describe('background checkpoints', () => {
  it('keep the WAL short under a writer that never pauses, off the writing thread', async () => {
    const { db, file } = openWal();
    const checkpoints = startBackgroundCheckpoints(db, file, { everyMs: 5, restartFrames: 50 });
    expect(checkpoints).not.toBeNull();
    // The writing connection no longer checkpoints by itself.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // A worker thread takes tens of milliseconds to start; what is written before is not its doing.
    await sleep(300);
    await writeBusily(db, 1500);
    // Without the worker the WAL would hold every commit: 1,500 pages of rows plus their tree, > 6 MB.
    expect(walBytes(file)).toBeLessThan(3 * 1024 * 1024);
    await checkpoints!.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.prepare('select count(*) from t').pluck().get()).toBe(1500);
    db.close();
  });

  it('a WAL nobody checkpoints grows with every commit (what the test above rules out)', async () => {
    const { db, file } = openWal();
    db.pragma('wal_autocheckpoint = 0');
    await writeBusily(db, 1500);
    expect(walBytes(file)).toBeGreaterThan(6 * 1024 * 1024);
    db.close();
  });

  it("the projector's transactions wait for a checkpoint's write lock instead of failing, even when they read first", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linesight-checkpoints-'));
    dirs.push(dir);
    const file = path.join(dir, 'pipeline.db');
    const db = openDatabase(file);
    // RESTART every few frames, so checkpoints hold the write lock again and again during the writes.
    const checkpoints = startBackgroundCheckpoints(db.$client, file, { everyMs: 1, restartFrames: 4 });
    await sleep(300);
    const store = createProjectorStore(db);
    for (let i = 0; i < 1500; i++) {
      store.transaction(() => {
        store.legEndedAt(`pbx:201:c${i - 1}`);
        store.appendEvent(upsert(leg('201', `c${i}`, 'ringing'), i));
      });
      if (i % 20 === 19) await sleep(1);
    }
    await checkpoints!.stop();
    expect(db.$client.prepare('select count(*) from events').pluck().get()).toBe(1500);
    db.$client.close();
  });

  it('is not started for an in-memory database', () => {
    const db = new Database(':memory:');
    expect(startBackgroundCheckpoints(db, ':memory:')).toBeNull();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});

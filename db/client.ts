import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// Beside this file when it runs as TypeScript; the compiled server (one bundle under .next/) finds
// them from the project root it is started in.
const migrationsFolder = [path.join(path.dirname(new URL(import.meta.url).pathname), 'migrations'), path.resolve('db', 'migrations')].find((dir) =>
  fs.existsSync(path.join(dir, 'meta', '_journal.json')),
) ?? path.resolve('db', 'migrations');

/** Opens (creating if needed) the database, checks its integrity and applies pending migrations. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // WAL + NORMAL: a crash loses at most the last transactions, never corrupts (DESIGN.md §2).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const check = sqlite.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw new Error(`Database ${file} failed its integrity check: ${String(check)}`);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return db;
}

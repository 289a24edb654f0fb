import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** PBX connections the board has seen; the live status is kept in memory by the projector. */
export const connections = sqliteTable('connections', {
  id: text('id').primaryKey(),
  vendor: text('vendor').notNull(),
  name: text('name').notNull(),
  lastEventAt: text('last_event_at'),
  /**
   * Where the connector's event stream stood after the last stored batch (vendor-defined, e.g. a
   * Noojee `seq`), written in that batch's transaction: a restart resumes from it instead of guessing.
   */
  streamPosition: text('stream_position'),
  streamPositionAt: text('stream_position_at'),
});

export const extensions = sqliteTable(
  'extensions',
  {
    id: text('id').primaryKey(),
    connectionId: text('connection_id').notNull(),
    number: text('number').notNull(),
    name: text('name'),
    kind: text('kind').notNull(),
    state: text('state').notNull(),
    since: text('since').notNull(),
  },
  (t) => [index('extensions_connection').on(t.connectionId)],
);

/** One row per leg (a call on one extension). Live legs have no `ended_at`; ended ones keep their outcome. */
export const calls = sqliteTable(
  'calls',
  {
    id: text('id').primaryKey(),
    connectionId: text('connection_id').notNull(),
    extensionId: text('extension_id').notNull(),
    vendorCallId: text('vendor_call_id').notNull(),
    /** Groups the legs of one call (queue statistics); null means `vendor_call_id`. */
    callKey: text('call_key'),
    direction: text('direction').notNull(),
    peerNumber: text('peer_number').notNull(),
    peerName: text('peer_name'),
    state: text('state').notNull(),
    queueId: text('queue_id'),
    canAnswer: integer('can_answer', { mode: 'boolean' }).notNull().default(false),
    recording: text('recording').notNull().default('off'),
    startedAt: text('started_at').notNull(),
    answeredAt: text('answered_at'),
    endedAt: text('ended_at'),
    outcome: text('outcome'),
  },
  (t) => [
    index('calls_live').on(t.endedAt),
    index('calls_queue_started').on(t.queueId, t.startedAt),
    index('calls_vendor_call').on(t.connectionId, t.vendorCallId),
  ],
);

export const queues = sqliteTable('queues', {
  id: text('id').primaryKey(),
  connectionId: text('connection_id').notNull(),
  number: text('number').notNull(),
  name: text('name'),
});

/** Every applied canonical event with the vendor payload it came from; `key` makes replays no-ops. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    connectionId: text('connection_id').notNull(),
    key: text('key').notNull(),
    type: text('type').notNull(),
    at: text('at').notNull(),
    receivedAt: text('received_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    payload: text('payload', { mode: 'json' }).notNull(),
    raw: text('raw', { mode: 'json' }),
  },
  (t) => [uniqueIndex('events_connection_key').on(t.connectionId, t.key)],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  /** `scrypt$N$r$p$salt$hash` (server/auth/password.ts). */
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  /** Seeded by demo mode; disabled again whenever the server starts outside demo mode. */
  demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
  createdAt: text('created_at').notNull(),
  lastLoginAt: text('last_login_at'),
  /** The user's own desk extension per connection id: click-to-dial rings it first (profile page). */
  dialExtensions: text('dial_extensions', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
});

/** Sign-in sessions; only a hash of the cookie's token is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Kiosk links for wall TVs: read-only board access by a long random token, stored hashed. */
export const displays = sqliteTable('displays', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  lastSeenAt: text('last_seen_at'),
  revokedAt: text('revoked_at'),
});

/** Append-only (triggers in the migration refuse UPDATE and DELETE). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    result: text('result').notNull(),
    detail: text('detail'),
    ip: text('ip'),
  },
  (t) => [index('audit_at').on(t.at), index('audit_actor').on(t.actor), index('audit_action').on(t.action)],
);

/**
 * Every authenticated webhook request, stored raw before it is processed (telphin.md §11.2): the
 * PBX does not retry, so what is not kept here is lost. Our own `token` is not part of `params`.
 */
export const webhookRequests = sqliteTable(
  'webhook_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    connectionId: text('connection_id').notNull(),
    event: text('event').notNull(),
    method: text('method').notNull(),
    params: text('params', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    receivedAt: text('received_at').notNull(),
    /** The extension whose hook sent it (our hook URLs carry `ext=`), for per-hook delivery health. */
    hookExtension: text('hook_extension'),
  },
  (t) => [
    index('webhook_requests_connection').on(t.connectionId, t.receivedAt),
    index('webhook_requests_hook').on(t.connectionId, t.hookExtension, t.event, t.receivedAt),
  ],
);

/**
 * Connections added from the admin UI (DESIGN.md §6: UI edits persist in SQLite). `config` is the
 * vendor's full connection config, secrets included: the database file is as sensitive as the config
 * file, and neither is ever served.
 */
export const savedConnections = sqliteTable('saved_connections', {
  id: text('id').primaryKey(),
  vendor: text('vendor').notNull(),
  config: text('config', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

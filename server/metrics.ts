import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Prometheus registry behind `GET /metrics` and the figures the admin health page shows:
 * enough to see a fault while it happens (lag, reconnects, rejected webhooks, storage), counts only.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const events = new Counter({
    name: 'linesight_events_total',
    help: 'Canonical events received from connectors',
    labelNames: ['connection'],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'linesight_event_lag_seconds',
    help: 'Time from a call change at the PBX (its own timestamp, else receipt) to the projector',
    labelNames: ['connection'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const lastLag = new Gauge({
    name: 'linesight_event_lag_last_seconds',
    help: 'Lag of the latest batch per connection',
    labelNames: ['connection'],
    registers: [registry],
  });
  const reconnects = new Counter({
    name: 'linesight_connection_reconnects_total',
    help: 'Times a connection came back live after being down or degraded',
    labelNames: ['connection'],
    registers: [registry],
  });
  const up = new Gauge({
    name: 'linesight_connection_up',
    help: '1 while a connection is live, 0.5 degraded, 0 connecting or down',
    labelNames: ['connection'],
    registers: [registry],
  });
  const webhookRejects = new Counter({
    name: 'linesight_webhook_rejects_total',
    help: 'Webhook requests refused (wrong token, unknown connection, bad body)',
    labelNames: ['connection', 'reason'],
    registers: [registry],
  });
  const storageFailing = new Gauge({
    name: 'linesight_storage_failing',
    help: '1 while the database refuses writes (events wait in memory)',
    registers: [registry],
  });
  let countClients = () => 0;
  new Gauge({
    name: 'linesight_ws_clients',
    help: 'Connected WebSocket clients',
    registers: [registry],
    collect() {
      this.set(countClients());
    },
  });
  return {
    registry,
    events,
    lag,
    lastLag,
    reconnects,
    up,
    webhookRejects,
    storageFailing,
    /** Where the WebSocket client gauge reads its value (the hub is created after the metrics). */
    countWsClientsWith(fn: () => number) {
      countClients = fn;
    },
    clientCount: () => countClients(),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

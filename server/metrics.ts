import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus registry behind `GET /metrics` and the counters the pipeline updates. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const events = new Counter({
    name: 'linesight_events_total',
    help: 'Canonical events received from connectors',
    labelNames: ['connection'],
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
    /** Where the WebSocket client gauge reads its value (the hub is created after the metrics). */
    countWsClientsWith(fn: () => number) {
      countClients = fn;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

import type { Handler } from './routes';

const ok = { status: 200, body: { ok: true } };

/** Control routes for tests of the Telphin facade: its hooks, its hook requests, its tenant. */
export const telphinRoutes: [string, RegExp, Handler][] = [
  ['GET', /^\/control\/telphin\/extensions$/, ({ telphin }) => ({
    status: 200,
    body: { clientId: telphin.clientAccountId, prefix: telphin.prefix, domain: telphin.domain, extensions: telphin.extensions() },
  })],
  ['GET', /^\/control\/telphin\/hooks$/, ({ telphin }) => ({ status: 200, body: { hooks: telphin.hooks() } })],
  ['DELETE', /^\/control\/telphin\/hooks$/, ({ telphin }) => {
    telphin.clearHooks();
    return ok;
  }],
  ['GET', /^\/control\/telphin\/deliveries$/, ({ telphin }) => ({ status: 200, body: { deliveries: telphin.deliveries() } })],
  ['DELETE', /^\/control\/telphin\/deliveries$/, ({ telphin }) => {
    telphin.clearDeliveries();
    return ok;
  }],
  ['GET', /^\/control\/telphin\/calls\/([^/]+)$/, ({ telphin }, [id = '']) => {
    const ids = telphin.callIds(id);
    return ids ? { status: 200, body: { uniqueCallId: id, ...ids } } : { status: 404, body: { error: `no Telphin call for ${id}` } };
  }],
];

import { getRuntime } from '@/server/runtime';
import { judge, type Access, type Principal } from './principal';
import { isSameOrigin } from './same-origin';

/** Set by the custom server from the socket (any client-sent value is overwritten). */
export const REMOTE_ADDRESS_HEADER = 'x-linesight-remote-address';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Caller {
  principal: Principal | null;
  ip: string;
}

type Handler<C> = (request: Request, context: C, caller: Caller) => Response | Promise<Response>;

/**
 * Every route handler is wrapped in this (the authorisation matrix test checks that, file by file):
 * the CSRF origin check for mutations, then who is asking against what the route needs.
 */
export function guarded<C>(access: Access, handler: Handler<C>) {
  return async (request: Request, context: C): Promise<Response> => {
    const ip = request.headers.get(REMOTE_ADDRESS_HEADER) ?? 'unknown';
    if (access !== 'webhook' && MUTATING.has(request.method) && !isSameOrigin(request.headers.get('origin'), request.headers.get('host'), { allowMissing: false })) {
      return Response.json({ error: 'Cross-site request refused (Origin must be this server).' }, { status: 403 });
    }
    const { auth, audit } = getRuntime();
    const principal = auth.principalFromCookies(request.headers.get('cookie'));
    const verdict = judge(access, principal);
    if (verdict === 'unauthenticated') return Response.json({ error: 'Sign in first.' }, { status: 401 });
    if (verdict === 'forbidden') {
      audit.record(principal, ip, { action: 'access.denied', result: 'denied', target: `${request.method} ${new URL(request.url).pathname}` });
      return Response.json({ error: 'Your role does not allow this.' }, { status: 403 });
    }
    return handler(request, context, { principal, ip });
  };
}

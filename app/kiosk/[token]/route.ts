import { guarded } from '@/server/auth/guard';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ token: string }> };

/**
 * A wall TV opens its kiosk link once: the token becomes a long-lived HttpOnly cookie and the TV
 * lands on the read-only board, which then reconnects by itself for as long as the link is valid.
 */
export const GET = guarded('public', async (request, context: Context, { ip }) => {
  const { token } = await context.params;
  const { auth, audit } = getRuntime();
  const principal = token.length <= 200 ? auth.principalFromDisplayToken(token) : null;
  if (!principal) {
    audit.record(null, ip, { action: 'display.open', result: 'denied', detail: 'unknown or revoked link' });
    return new Response('This display link is not valid (it may have been revoked).', { status: 401, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  audit.record(principal, ip, { action: 'display.open', result: 'ok' });
  return new Response(null, { status: 303, headers: { Location: new URL('/', request.url).pathname, 'Set-Cookie': auth.displayCookie(token) } });
});

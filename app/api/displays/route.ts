import { ZCreateDisplayInput } from '@/lib/auth-types';
import { actorOf } from '@/server/auth/principal';
import { guarded } from '@/server/auth/guard';
import { readJson } from '@/server/http/read-json';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export const GET = guarded('admin', () => Response.json({ displays: getRuntime().displays.list() }));

/** Creates a kiosk link; its URL (with the token) is in this reply only. */
export const POST = guarded('admin', async (request, _context, { principal, ip }) => {
  const body = await readJson(request, ZCreateDisplayInput);
  if (!body.ok) return body.response;
  const { displays, audit, env } = getRuntime();
  const { display, token } = displays.create(body.data.name, actorOf(principal));
  audit.record(principal, ip, { action: 'display.create', result: 'ok', target: display.name });
  // Next rebuilds request.url with its own host name; the link must use the one the admin reached.
  const base = env.PUBLIC_URL ?? `http://${request.headers.get('host') ?? new URL(request.url).host}`;
  return Response.json({ display, url: new URL(`/kiosk/${token}`, base).toString() }, { status: 201 });
});

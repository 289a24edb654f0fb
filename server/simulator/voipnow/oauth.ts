import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random alphanumerics (token, code and PhoneCallEvent id shape). */
export function alnum(length = 30): string {
  return [...randomBytes(length)].map((b) => ALNUM[b % ALNUM.length]).join('');
}

export interface GrantReply {
  status: number;
  body: Record<string, unknown>;
}

/**
 * VoipNow OAuth 2.0 (voipnow.md §1.3, §7.1): `client_credentials`, `authorization_code` (code from
 * `authorize.php`, 10 minutes) and `refresh_token` (code-grant tokens only) at `token.php`; extra
 * `type`, `redirect_uri`, `state` ignored. Tokens expire on the wall clock.
 */
export class VoipNowOAuth {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Set<string>();
  private readonly codes = new Map<string, number>();

  constructor(private readonly opts: { clientId: string; clientSecret: string; ttlS: number }) {}

  /** `authorize.php?response_type=code&client_id&redirect_uri&state`: the redirect target, or an error. */
  authorize(q: URLSearchParams): { location: string } | GrantReply {
    if (q.get('client_id') !== this.opts.clientId) return { status: 401, body: { error: 'invalid_client' } };
    if (q.get('response_type') !== 'code') return { status: 400, body: { error: 'unsupported_response_type' } };
    let target: URL;
    try {
      target = new URL(q.get('redirect_uri') ?? '');
    } catch {
      return { status: 400, body: { error: 'invalid_request' } };
    }
    const code = alnum(40);
    this.codes.set(code, Date.now() + 10 * 60_000);
    target.searchParams.set('code', code);
    const state = q.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return { location: target.toString() };
  }

  grant(f: URLSearchParams): GrantReply {
    const grantType = f.get('grant_type');
    if (f.get('client_id') !== this.opts.clientId || f.get('client_secret') !== this.opts.clientSecret) return { status: 401, body: { error: 'invalid_client' } };
    if (grantType === 'authorization_code') {
      const code = f.get('code') ?? '';
      const until = this.codes.get(code);
      this.codes.delete(code);
      if (until === undefined || until < Date.now()) return { status: 400, body: { error: 'invalid_grant' } };
    } else if (grantType === 'refresh_token') {
      if (!this.refresh.delete(f.get('refresh_token') ?? '')) return { status: 400, body: { error: 'invalid_grant' } };
    } else if (grantType !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    const token = alnum(40);
    this.access.set(token, Date.now() + this.opts.ttlS * 1000);
    const body: Record<string, unknown> = { access_token: token, token_type: 'Bearer', expires_in: this.opts.ttlS };
    if (grantType !== 'client_credentials') {
      const r = alnum(40);
      this.refresh.add(r);
      body.refresh_token = r;
    }
    return { status: 200, body };
  }

  /** Bearer token from the `Authorization` header or the `accessRequestToken=Bearer …` query parameter. */
  check(header: string | undefined, query: string | null): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? query ?? '');
    const value = match?.[1];
    const until = value ? this.access.get(value) : undefined;
    if (value === undefined || until === undefined) return false;
    if (until > Date.now()) return true;
    this.access.delete(value);
    return false;
  }

  expireAll(): void {
    this.access.clear();
    this.refresh.clear();
  }
}

import { randomBytes } from 'node:crypto';

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  /** `expires_in` of issued tokens, seconds. */
  ttlS: number;
  /** Login and password of the one PBX user the `password` grant accepts. */
  username: string;
  password: string;
}

interface Token {
  value: string;
  expiresAt: number;
}

export interface GrantReply {
  status: number;
  body: Record<string, unknown>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 30 alphanumerics, the shape of the docs' example token (telphin.md §2.2). */
function opaque(length = 30): string {
  return [...randomBytes(length)].map((b) => ALNUM[b % ALNUM.length]).join('');
}

/**
 * OAuth 2.0 token endpoint and bearer check (telphin.md §2): `client_credentials`, `password` (with a
 * `refresh_token`) and `refresh_token` grants; tokens expire on the wall clock (transport time, not the
 * engine's), are bound to our one client, and can all be revoked at once (fault `expireTokens`).
 */
export class TelphinOAuth {
  private readonly access = new Map<string, Token>();
  private readonly refresh = new Set<string>();

  constructor(private readonly opts: OAuthOptions) {}

  /** `POST /oauth/token` with fields from the body or the query (both seen in the wild, §2.2). */
  grant(fields: URLSearchParams): GrantReply {
    const grantType = fields.get('grant_type');
    if (grantType !== 'client_credentials' && grantType !== 'password' && grantType !== 'refresh_token') {
      return { status: 400, body: { message: 'grant_type: unsupported grant type' } };
    }
    if (fields.get('client_id') !== this.opts.clientId || fields.get('client_secret') !== this.opts.clientSecret) {
      return { status: 401, body: { message: 'Invalid client credentials' } };
    }
    if (grantType === 'password' && (fields.get('username') !== this.opts.username || fields.get('password') !== this.opts.password)) {
      return { status: 400, body: { message: 'Invalid username or password' } };
    }
    if (grantType === 'refresh_token') {
      const old = fields.get('refresh_token') ?? '';
      if (!this.refresh.delete(old)) return { status: 400, body: { message: 'Invalid refresh token' } };
    }
    const token: Token = { value: opaque(), expiresAt: Date.now() + this.opts.ttlS * 1000 };
    this.access.set(token.value, token);
    const body: Record<string, unknown> = { access_token: token.value, token_type: 'Bearer', expires_in: this.opts.ttlS, scope: 'all' };
    if (grantType !== 'client_credentials') {
      const refreshToken = opaque();
      this.refresh.add(refreshToken);
      body.refresh_token = refreshToken;
    }
    return { status: 200, body };
  }

  /** Whether an `Authorization` header carries a live token of ours. */
  check(header: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    const token = match?.[1] ? this.access.get(match[1]) : undefined;
    if (!token) return false;
    if (token.expiresAt > Date.now()) return true;
    this.access.delete(token.value);
    return false;
  }

  /** Every token issued so far stops working now (refresh tokens too). */
  expireAll(): void {
    this.access.clear();
    this.refresh.clear();
  }
}

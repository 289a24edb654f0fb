import type { RunningSimulator } from '../index';

export interface UapiAnswer {
  status: number;
  json: unknown;
  text: string;
}

/** A minimal UAPI client: client_credentials token, bearer calls under `/uapi`. */
export class VoipNowTestClient {
  token = '';

  constructor(private readonly sim: RunningSimulator) {}

  async login(): Promise<string> {
    const { clientId, clientSecret } = this.sim.voipnow;
    const res = await fetch(`${this.sim.urls.voipnow}/oauth/token.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials', type: 'unifiedapi', redirect_uri: 'https://board.example/cb' }),
    });
    this.token = ((await res.json()) as { access_token: string }).access_token;
    return this.token;
  }

  async api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<UapiAnswer> {
    const res = await fetch(`${this.sim.urls.voipnow}${path.startsWith('/') ? path : `/uapi/${path}`}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, json, text };
  }
}

export const errorOf = (a: UapiAnswer): string | undefined => (a.json as { error?: { code?: string } } | null)?.error?.code;

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../engine/clock';

export type AuthResult = { ok: true } | { ok: false; message: string };

const FRESH_MS = 10_000;
const VALID_MS = 60 * 60_000;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The Global API key on every call (noojee.md §1.4), or the older hash scheme: `timeStamp` from
 * `/servicemanager/rest/Time` and `hash = sha256Hex(apiKey + ":" + timeStamp)`, fresh for 10 s and,
 * once used, valid for 1 h.
 */
export class NoojeeAuth {
  private readonly firstUse = new Map<string, number>();

  constructor(
    private readonly apiKey: string,
    private readonly clock: Clock,
  ) {}

  check(params: URLSearchParams): AuthResult {
    const key = params.get('apiKey');
    if (key !== null) return same(key, this.apiKey) ? { ok: true } : { ok: false, message: 'Invalid apiKey' };
    const timeStamp = params.get('timeStamp');
    const hash = params.get('hash');
    if (timeStamp === null || hash === null) return { ok: false, message: 'Missing apiKey' };
    const expected = createHash('sha256').update(`${this.apiKey}:${timeStamp}`).digest('hex');
    if (!same(hash.toLowerCase(), expected)) return { ok: false, message: 'Invalid hash' };
    const now = this.clock.now();
    const used = this.firstUse.get(timeStamp);
    if (used !== undefined) return now - used <= VALID_MS ? { ok: true } : { ok: false, message: 'Expired TimeStamp' };
    if (!/^\d+$/.test(timeStamp) || Math.abs(now - Number(timeStamp)) > FRESH_MS) return { ok: false, message: 'Expired TimeStamp' };
    this.prune(now);
    this.firstUse.set(timeStamp, now);
    return { ok: true };
  }

  private prune(now: number): void {
    if (this.firstUse.size < 1_000) return;
    for (const [ts, at] of this.firstUse) if (now - at > VALID_MS) this.firstUse.delete(ts);
  }
}

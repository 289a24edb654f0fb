import { alnum } from './oauth';
import { fail, uapiDate } from './uapi';

/** A PhoneCallEvent as stored (voipnow.md §2.1); enums as strings. */
export interface PhoneCallEvent {
  type: string;
  id: string;
  method: string;
  note?: string;
  url: string;
  status: string;
  modified: string;
  /** Extended number of the extension the event belongs to (not a vendor field; `links.self` shows it). */
  extension: string;
}

export const EVENT_TYPES = ['0', '1', '2', '3', '4'] as const;
export const EVENT_FIELDS = ['id', 'method', 'modified', 'note', 'status', 'type', 'url'];
const RFC3986 = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

/** A string or number enum value as a string; anything else `null`. */
const enumOf = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

function validUrl(v: unknown): v is string {
  if (typeof v !== 'string' || !RFC3986.test(v)) return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Checks `method`, `url`, `status`, `note` present in `body` (order of voipnow.md §2.3); `required`: on create. */
function checkFields(body: Record<string, unknown>, required: boolean): Partial<PhoneCallEvent> {
  const out: Partial<PhoneCallEvent> = {};
  if (required || 'method' in body) {
    const m = enumOf(body.method);
    if (m !== '0' && m !== '1') fail(400, 'pce_method_invalid', 'The method parameter is missing or invalid.');
    out.method = m;
  }
  if (required || 'url' in body) {
    if (!validUrl(body.url)) fail(400, 'pce_url_invalid', 'The url parameter is missing or invalid.');
    out.url = body.url;
  }
  if (required || 'status' in body) {
    const s = enumOf(body.status);
    if (s !== '0' && s !== '1') fail(400, 'pce_status_invalid', 'The status parameter is missing or invalid.');
    out.status = s;
  }
  if ('note' in body && body.note !== undefined && body.note !== null) {
    if (typeof body.note !== 'string' || body.note.length > 1024) fail(400, 'pce_note_invalid', 'The note parameter is invalid.');
    out.note = body.note;
  }
  return out;
}

/** Every PhoneCallEvent of every extension, in creation order. */
export class EventStore {
  private events: PhoneCallEvent[] = [];

  constructor(private readonly now: () => number) {}

  all(): PhoneCallEvent[] {
    return this.events.map((e) => ({ ...e }));
  }

  clear(): void {
    this.events = [];
  }

  list(extension: string, type?: string): PhoneCallEvent[] {
    return this.events.filter((e) => e.extension === extension && (type === undefined || e.type === type));
  }

  /** Enabled events of `type` on `extension`: the hooks one call step fires. */
  enabled(extension: string, type: string): PhoneCallEvent[] {
    return this.list(extension, type).filter((e) => e.status === '1');
  }

  get(extension: string, type: string, id: string): PhoneCallEvent {
    const found = this.events.find((e) => e.extension === extension && e.type === type && e.id === id);
    if (!found) fail(400, 'pce_id_invalid', 'The phone call event ID is invalid.');
    return found;
  }

  /** Create (§2.2): `pathType` is the optional `/{eventType}` of the v5 path (A3). */
  create(extension: string, body: unknown, pathType: string | undefined): PhoneCallEvent {
    const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const bodyType = 'type' in b ? enumOf(b.type) : undefined;
    const type = bodyType ?? pathType;
    if (type === null || type === undefined || !(EVENT_TYPES as readonly string[]).includes(type) || (pathType !== undefined && bodyType !== undefined && bodyType !== pathType)) {
      fail(400, 'pcet_type_invalid', 'The type parameter is missing or invalid.');
    }
    const fields = checkFields(b, true);
    let id = alnum(30);
    while (this.events.some((e) => e.extension === extension && e.id === id)) id = alnum(30);
    const event: PhoneCallEvent = { type, id, method: fields.method ?? '0', url: fields.url ?? '', status: fields.status ?? '1', modified: uapiDate(this.now()), extension };
    if (fields.note !== undefined) event.note = fields.note;
    this.events.push(event);
    return event;
  }

  /** Partial update (PUT with any subset of `method`, `note`, `url`, `status`; §2.2). */
  update(extension: string, type: string, id: string, body: unknown): PhoneCallEvent {
    const event = this.get(extension, type, id);
    const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    if ('type' in b && enumOf(b.type) !== type) fail(400, 'pce_type_invalid', 'The type parameter is invalid.');
    Object.assign(event, checkFields(b, false), { modified: uapiDate(this.now()) });
    return event;
  }

  /** Deletes one, one type's or all events of an extension; returns what went. */
  remove(extension: string, type?: string, id?: string): PhoneCallEvent[] {
    if (type !== undefined && id !== undefined) this.get(extension, type, id);
    const gone = this.events.filter((e) => e.extension === extension && (type === undefined || e.type === type) && (id === undefined || e.id === id));
    this.events = this.events.filter((e) => !gone.includes(e));
    return gone;
  }
}

import { z } from 'zod';
import type { TelphinExtension } from './tenant';

/** `event_type` values the hook resource accepts (telphin.md §4.1, `voicemail` per §9 #7). */
export const HOOK_EVENT_TYPES = ['dial-in', 'dial-out', 'answer', 'hangup', 'message-in', 'message-out', 'voicemail'] as const;
export type HookEventType = (typeof HOOK_EVENT_TYPES)[number];

/** A stored event hook (telphin.md §4.1). */
export interface TelphinHook {
  id: number;
  extensionId: number;
  url: string;
  method: 'GET' | 'POST';
  event_type: HookEventType;
}

/** Reason for a missing field vs a wrong one: `<field>: required` / `<field>: <reason>` (telphin.md §4.3). */
const field = (reason: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : reason) });

const isAbsoluteHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    return false;
  }
};

// Enum matching is exact: lower-case event types, upper-case methods (telphin.md §4.3).
const ZHookBody = z.object({
  url: z.string(field('must be a string')).refine(isAbsoluteHttpUrl, 'must be an absolute http(s) URL'),
  method: z.enum(['GET', 'POST'], field('must be GET or POST')),
  event_type: z.enum(HOOK_EVENT_TYPES, field(`must be one of ${HOOK_EVENT_TYPES.join(', ')}`)),
});
export type THookBody = z.infer<typeof ZHookBody>;

/** Checks a create/update body for `ext`; a failure is the `{"message"}` text of a 400. */
export function validateHook(body: unknown, ext: TelphinExtension): { ok: true; value: THookBody } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'body: must be a JSON object' };
  const parsed = ZHookBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` };
  }
  if (parsed.data.event_type.startsWith('message-') && ext.type !== 'phone') {
    return { ok: false, message: 'event_type: message events exist only on phone extensions' };
  }
  return { ok: true, value: parsed.data };
}

/** The hook object as the API returns it: the three fields plus `id` (telphin.md §4.2). */
export const hookJson = (h: TelphinHook) => ({ id: h.id, url: h.url, method: h.method, event_type: h.event_type });

/** Every hook of the client, with the per-client limit (telphin.md §4, §4.3). Duplicates are allowed. */
export class HookStore {
  private hooks: TelphinHook[] = [];
  private nextId = 70;

  constructor(readonly limit: number) {}

  all(): TelphinHook[] {
    return [...this.hooks];
  }

  list(extensionId: number): TelphinHook[] {
    return this.hooks.filter((h) => h.extensionId === extensionId);
  }

  get(extensionId: number, id: number): TelphinHook | undefined {
    return this.hooks.find((h) => h.extensionId === extensionId && h.id === id);
  }

  /** `null` when the client already has `limit` hooks. */
  create(extensionId: number, body: THookBody): TelphinHook | null {
    if (this.hooks.length >= this.limit) return null;
    const hook: TelphinHook = { id: this.nextId++, extensionId, ...body };
    this.hooks.push(hook);
    return hook;
  }

  update(hook: TelphinHook, body: THookBody): TelphinHook {
    Object.assign(hook, body);
    return hook;
  }

  remove(extensionId: number, id?: number): void {
    this.hooks = this.hooks.filter((h) => h.extensionId !== extensionId || (id !== undefined && h.id !== id));
  }

  clear(): void {
    this.hooks = [];
  }

  /** Hooks that fire for `eventType` on one extension, in creation order. */
  matching(extensionId: number, eventType: string): TelphinHook[] {
    return this.hooks.filter((h) => h.extensionId === extensionId && h.event_type === eventType);
  }
}

import type { HookView, THookInput } from '@/lib/hook-admin';

/** A hook as the table shows it: the PBX's, or one being created that the server has not answered yet. */
export type HookRow = HookView & { pending?: boolean };

/**
 * The optimistic row for a create. A `linesight` destination has no URL in the browser (the server
 * fills in the intake URL with its secret token), so it shows as ours with an empty URL.
 */
export function hookFromInput(input: THookInput, id: string): HookRow {
  const url = input.destination.target === 'url' ? input.destination.url : '';
  const base = { id, url, ours: input.destination.target === 'linesight', delivery: null, pending: true };
  return input.vendor === 'telphin'
    ? { ...base, vendor: 'telphin', event_type: input.event_type, method: input.method }
    : { ...base, vendor: 'voipnow', type: input.type, method: input.method, note: input.note, status: input.status, modified: null };
}

/** Adds the pending row at the end, where the PBX lists a new hook. */
export function withPendingHook(list: readonly HookRow[], hook: HookRow): HookRow[] {
  return [...list.filter((h) => h.id !== hook.id), hook];
}

/** Puts the server's hook in place of a row (the pending one, or the one edited), keeping its position. */
export function replaceHook(list: readonly HookRow[], id: string, hook: HookRow): HookRow[] {
  if (!list.some((h) => h.id === id)) return withPendingHook(list, hook);
  return list.filter((h) => h.id === id || h.id !== hook.id).map((h) => (h.id === id ? hook : h));
}

/**
 * The optimistic view of an edit. A switch to `linesight` keeps the URL shown until the server
 * answers with the new one; VoipNow's type is immutable and stays. The row stays pending (Saving…,
 * no Edit or Delete) until the PBX has answered, so nobody deletes a hook whose edit is in flight.
 */
export function patchHook(list: readonly HookRow[], id: string, input: THookInput): HookRow[] {
  return list.map((h) => {
    if (h.id !== id || h.vendor !== input.vendor) return h;
    const toLinesight = input.destination.target === 'linesight';
    const url = input.destination.target === 'url' ? input.destination.url : h.ours ? h.url : '';
    const common = { url, ours: toLinesight, delivery: toLinesight ? h.delivery : null, pending: true };
    if (h.vendor === 'telphin' && input.vendor === 'telphin') return { ...h, ...common, event_type: input.event_type, method: input.method };
    if (h.vendor === 'voipnow' && input.vendor === 'voipnow') return { ...h, ...common, method: input.method, note: input.note, status: input.status };
    return h;
  });
}

export function withoutHook(list: readonly HookRow[], id: string): HookRow[] {
  return list.filter((h) => h.id !== id);
}

/** Puts one hook back where it was (after a refused edit or delete), leaving other rows alone. */
export function restoreHook(list: readonly HookRow[], previous: HookRow, index: number): HookRow[] {
  if (list.some((h) => h.id === previous.id)) return list.map((h) => (h.id === previous.id ? previous : h));
  const at = Math.max(0, Math.min(index, list.length));
  return [...list.slice(0, at), previous, ...list.slice(at)];
}

import { format } from 'date-fns';

/** An API timestamp as local `yyyy-MM-dd HH:mm:ss`; null stays null, and an unparsable one is shown raw. */
export function formatWhen(iso: string | null): string | null {
  if (iso === null) return null;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : format(at, 'yyyy-MM-dd HH:mm:ss');
}

/**
 * `callStartTime` is `""` in every vendor sample; the vendor client accepts `yyyy-MM-dd HH:mm`,
 * `yyyy-MM-dd HH:mm:ss` and `yyyy-MM-dd'T'HH:mm:ss` (noojee.md §3.1, A12). The value is the PBX's local
 * time with no zone, so it cannot be turned into an instant safely: we keep it as a zone-less
 * `yyyy-MM-ddTHH:mm:ss` string, or `null` for `""` and anything we do not recognise.
 */
const pattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** Lenient parse of a Noojee `callStartTime` into a zone-less local date-time, or null. */
export function parseCallStartTime(value: string | null | undefined): string | null {
  const match = pattern.exec((value ?? '').trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '00'] = match;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

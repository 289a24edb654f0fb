/**
 * Reusable fast-check arbitraries for the input fuzzers (issue 8): hostile strings, JSON-ish values,
 * vendor-shaped payloads with the right names and wrong values, and request bodies broken on purpose.
 */
import fc from 'fast-check';

/** Keys that trip naive object handling (prototype pollution, shadowed methods). */
export const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON', 'then', ''] as const;

/** Strings a careless parser chokes on: huge numbers, unicode, lone surrogates, control bytes, injection. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '\u0000', '\uFFFD', '\uD800', '\uDFFF', '😀', 'Ω≈ç√', 'ש' + 'ל'.repeat(10), '\u202Eevil', 'null', 'undefined', 'NaN', 'Infinity',
    '-Infinity', 'true', '[]', '{}', '-1', '0', '1e308', '1e309', '9'.repeat(19), '9'.repeat(25), '99999999999999999999999999999999', '-9223372036854775808',
    '0x1F', '1.5', '  42  ', '1700000000000000', '17000000000000000000', '%00', '%ZZ', '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>',
    '0003*401@sipproxy.telphin.ru', '0003*', '*', '@', '2566*102@', 'a'.repeat(300),
  ),
  ...NASTY_KEYS.map((key) => fc.constant(key)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.double().map(String),
  fc.integer().map(String),
);

/** A parameter name: mostly plausible, sometimes hostile. */
export const keyArb = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.constantFrom(...known).map((k) => k.toLowerCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...known).map((k) => k.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );

/** Any JSON value, with a bias to the wrong-type cases (numbers where strings go, nested objects). */
export const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2), fc.constant(1e300), fc.constant(-0)) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** A record built from a field list: each field absent, plausible or hostile, plus stray extras. */
export function fieldsArb(fields: Record<string, fc.Arbitrary<unknown>>, extras = true): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields).map(([key, plausible]) =>
    fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 5, arbitrary: plausible }, { weight: 2, arbitrary: jsonish }).map((v) => [key, v] as const),
  );
  const extra = extras ? fc.array(fc.tuple(keyArb(Object.keys(fields)), jsonish), { maxLength: 3 }) : fc.constant([] as [string, unknown][]);
  return fc.tuple(fc.tuple(...entries), extra).map(([pairs, more]) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of pairs) if (value !== undefined) out[key] = value;
    // defineProperty so `__proto__` becomes an own key, as JSON.parse would make it.
    for (const [key, value] of more) Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
    return out;
  });
}

/** Values as strings (what a query string or form can carry). */
export function stringify(record: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
    Object.defineProperty(out, key, { value: text, enumerable: true, configurable: true, writable: true });
  }
  return out;
}

/** How a body is encoded on the wire; the broken ones must come back as a 4xx. */
export type BodyMode = 'query' | 'form' | 'json' | 'json-array' | 'json-scalar' | 'json-truncated' | 'not-json' | 'bad-utf8' | 'oversized' | 'xml' | 'text-plain' | 'empty';

export const bodyModeArb: fc.Arbitrary<BodyMode> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<BodyMode>('query', 'form', 'json') },
  { weight: 1, arbitrary: fc.constantFrom<BodyMode>('json-array', 'json-scalar', 'json-truncated', 'not-json', 'bad-utf8', 'oversized', 'xml', 'text-plain', 'empty') },
);

/** Bytes that are not valid UTF-8 (overlong, lone continuation, truncated sequences, surrogates). */
export const badUtf8: fc.Arbitrary<Buffer> = fc
  .tuple(fc.constantFrom([0xc0, 0xaf], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0xf8, 0x88, 0x80, 0x80, 0x80]), fc.string({ maxLength: 20 }))
  .map(([bad, text]) => Buffer.concat([Buffer.from(`CallID=${text}&x=`), Buffer.from(bad), Buffer.from('&EventType=dial-in')]));

/** A body for `mode`: the bytes and its content type. */
export function encodeBody(mode: BodyMode, params: Record<string, unknown>, extra: { badBytes: Buffer; cut: number }): { body: Buffer | null; type: string | null } {
  const json = JSON.stringify(params);
  const form = new URLSearchParams(stringify(params)).toString();
  switch (mode) {
    case 'query':
      return { body: null, type: null };
    case 'form':
      return { body: Buffer.from(form), type: 'application/x-www-form-urlencoded' };
    case 'json':
      return { body: Buffer.from(json), type: 'application/json; charset=utf-8' };
    case 'json-array':
      return { body: Buffer.from(JSON.stringify([params])), type: 'application/json' };
    case 'json-scalar':
      return { body: Buffer.from(JSON.stringify(json.length)), type: 'application/json' };
    case 'json-truncated':
      return { body: Buffer.from(json.slice(0, Math.max(1, Math.min(extra.cut, json.length - 1)))), type: 'application/json' };
    case 'not-json':
      return { body: Buffer.from(`<<${form}>>`), type: 'application/json' };
    case 'bad-utf8':
      return { body: extra.badBytes, type: extra.cut % 2 ? 'application/x-www-form-urlencoded' : 'application/json' };
    case 'oversized':
      return { body: Buffer.from(`${form}&pad=${'A'.repeat(70 * 1024)}`), type: 'application/x-www-form-urlencoded' };
    case 'xml':
      return { body: Buffer.from(`<hook>${form}</hook>`), type: 'application/xml' };
    case 'text-plain':
      return { body: Buffer.from(form), type: 'text/plain' };
    case 'empty':
      return { body: Buffer.alloc(0), type: 'application/json' };
  }
}

/** Modes whose body is broken beyond repair: the answer must be a 4xx whatever the token. */
export const BROKEN_MODES: ReadonlySet<BodyMode> = new Set<BodyMode>(['json-array', 'json-scalar', 'json-truncated', 'not-json', 'oversized', 'xml', 'empty']);

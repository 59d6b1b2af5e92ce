/**
 * Arbitraries for what a careless or hostile sender posts: values of every JSON type at the edges
 * (boundary lengths, huge numbers, lone surrogates, dates with odd offsets and leap seconds, shas of
 * the wrong length), bodies that are not JSON at all, wrong media types, and near-valid objects made
 * by mutating a valid one a few fields at a time.
 */
import fc from 'fast-check';

const BOUNDARY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  "'; drop table deployments; --",
  '\\',
  '%00%ff',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  '{"a":1}',
  'a'.repeat(50),
  'a'.repeat(51),
  'a'.repeat(200),
  'a'.repeat(201),
  'a'.repeat(500),
  'a'.repeat(501),
  'x'.repeat(65_537),
];

const ODD_DATES = [
  '2016-12-31T23:59:60Z',
  '2026-03-02T10:00:60Z',
  '2026-03-02T23:59:60+14:00',
  '2026-03-02T10:00:00+14:00',
  '2026-03-02T10:00:00-12:00',
  '2026-03-02T10:00:00+23:59',
  '2026-03-02T10:00:00+24:00',
  '2026-03-02T10:00:00-00:00',
  '2026-03-02T10:00:00+00:30',
  '2026-03-02t10:00:00z',
  '2026-03-02 10:00:00Z',
  '2026-03-02T10:00:00',
  '2026-03-02',
  '2026-02-29T00:00:00Z',
  '2024-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999999999Z',
  '+275760-09-13T00:00:00Z',
  '2026-03-02T10:00:00.123456789012Z',
  '2026-03-02T10:00:00,5Z',
];

const HUGE_NUMBERS = [
  0,
  -1,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  -(2 ** 63),
  1e21,
  1e308,
  -1e308,
  5e-324,
];

export const boundaryString = fc.constantFrom(...BOUNDARY_STRINGS);

/** Valid instants with random offsets and precision, and the odd ones above. */
export const oddDate = fc.oneof(
  fc.constantFrom(...ODD_DATES),
  fc
    .tuple(
      fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
      fc.integer({ min: -14 * 60, max: 14 * 60 }),
      fc.boolean(),
    )
    .map(([date, offset, millis]) => isoWithOffset(date, offset, millis)),
);

export const hugeNumber = fc.oneof(
  fc.constantFrom(...HUGE_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Hex of the wrong length, hex with junk, and upper case. */
export const shaLike = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{0,3}$/),
  fc.stringMatching(/^[0-9a-f]{65,80}$/),
  fc.stringMatching(/^[0-9a-fA-F]{4,64}$/),
  fc.stringMatching(/^[0-9a-g ]{4,64}$/),
);

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** Any JSON value, weighted towards the edges. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: boundaryString, weight: 3 },
  { arbitrary: oddDate, weight: 3 },
  { arbitrary: hugeNumber, weight: 2 },
  { arbitrary: shaLike, weight: 2 },
  { arbitrary: text, weight: 2 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 2 },
  { arbitrary: fc.array(fc.oneof(boundaryString, oddDate, shaLike), { maxLength: 5 }), weight: 1 },
  // Deep enough to trip recursive walkers, shallow enough for the test's own JSON.stringify.
  { arbitrary: fc.nat({ max: 2000 }).map(deeplyNested), weight: 1 },
);

function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { a: value };
  return value;
}

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/vnd.acme+json',
  'application/json;;',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/cloudevents+json',
  'application/cloudevents+xml',
  'application/cloudevents-batch+json',
  'application/cloudevents-batch',
  '',
  ';;;',
  'garbage',
];

export const contentType = fc.constantFrom(...CONTENT_TYPES);

/** Bodies that are not what any route expects: bytes, text, truncated JSON, deep nesting. */
export const rawBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  text,
  fc.jsonValue({ maxDepth: 5 }).map((value) => JSON.stringify(value) ?? ''),
  fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.nat()).map(([value, cut]) => {
    const json = JSON.stringify(value) ?? '';
    return json.slice(0, cut % (json.length + 1));
  }),
  fc.nat({ max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.nat({ max: 20_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.constantFrom('\ufeff{}', '{"__proto__":{"x":1}}', '{"a":1,"a":2}', 'null', '[]', '""', '0', '{}'),
);

type Path = (string | number)[];

/** Paths into a JSON value, 12 levels deep at most (not into deep junk), the root excluded. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (prefix.length >= 12) return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  }
  return [];
}

type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: junkValue }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      at: fc.nat(),
      key: fc.oneof(boundaryString, fc.string({ maxLength: 10 })),
      value: junkValue,
    }),
    weight: 1,
  },
);

/** A valid JSON value with one to three fields replaced, removed or added anywhere in it. */
export function nearValid(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([value, mutations]) => mutations.reduce(applyMutation, structuredClone(value)));
}

function applyMutation(value: unknown, change: Mutation): unknown {
  const paths = pathsOf(value);
  if (paths.length === 0) return change.kind === 'set' ? structuredClone(change.value) : value;
  const path = paths[change.at % paths.length]!;
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
  const key = path[path.length - 1]!;
  const container = parent as Record<string | number, unknown>;
  // fast-check hands out the same constant objects again; a shared one could close a cycle.
  if (change.kind === 'set') container[key] = structuredClone(change.value);
  else if (change.kind === 'delete') {
    if (Array.isArray(container)) container.splice(key as number, 1);
    else delete container[key];
  } else {
    const target = container[key];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
      (target as Record<string, unknown>)[change.key] = structuredClone(change.value);
    } else container[key] = { [change.key]: structuredClone(change.value) };
  }
  return value;
}

function isoWithOffset(date: Date, offsetMinutes: number, millis: boolean): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString();
  const base = millis ? local.slice(0, 23) : local.slice(0, 19);
  if (offsetMinutes === 0) return `${base}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

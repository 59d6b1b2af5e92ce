import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bucket } from '../model/facts.ts';
import { bucketStartOf, calendarDays, resolveWindow, windowDays } from './window.ts';
import { full, iso, t } from '../../test/helpers/metric-fixtures.ts';

describe('resolveWindow', () => {
  const now = t('2026-03-10T12:00Z');
  // [case, from, to, default days, expected from, expected to]
  const cases: [string, string | undefined, string | undefined, number, string, string][] = [
    ['both given', '2026-03-01T00:00Z', '2026-03-08T00:00Z', 7, '2026-03-01T00:00Z', '2026-03-08T00:00Z'],
    ['to defaults to now', '2026-03-01T00:00Z', undefined, 7, '2026-03-01T00:00Z', '2026-03-10T12:00Z'],
    ['both default', undefined, undefined, 7, '2026-03-03T12:00Z', '2026-03-10T12:00Z'],
    [
      'from defaults to days before to',
      undefined,
      '2026-03-31T00:00Z',
      30,
      '2026-03-01T00:00Z',
      '2026-03-31T00:00Z',
    ],
  ];
  for (const [name, from, to, days, expectedFrom, expectedTo] of cases) {
    test(name, () => {
      const window = resolveWindow(
        from === undefined ? undefined : t(from),
        to === undefined ? undefined : t(to),
        days,
        now,
      );
      assert.deepEqual([iso(window.from), iso(window.to)], [full(expectedFrom), full(expectedTo)]);
    });
  }

  test('an empty or inverted window is refused', () => {
    assert.throws(() => resolveWindow(now, now, 7, now), Error);
    assert.throws(() => resolveWindow(now + 1, now, 7, now), Error);
  });

  test('window length in days', () => {
    assert.equal(windowDays({ from: t('2026-03-01T00:00Z'), to: t('2026-03-08T00:00Z') }), 7);
  });
});

describe('bucketStartOf', () => {
  // [case, zone, bucket, instant, expected start]
  const cases: [string, string, Bucket, string, string][] = [
    ['Sunday night is in the week of Monday', 'UTC', 'week', '2026-03-08T23:59Z', '2026-03-02T00:00Z'],
    [
      'UTC Sunday 22:30 is Monday 00:30 in Berlin',
      'Europe/Berlin',
      'week',
      '2026-03-29T22:30Z',
      '2026-03-29T22:00Z',
    ],
    ['the same instant in UTC weeks', 'UTC', 'week', '2026-03-29T22:30Z', '2026-03-23T00:00Z'],
    ['01:30 EDT, before fall-back', 'America/New_York', 'day', '2026-11-01T05:30Z', '2026-11-01T04:00Z'],
    [
      '01:30 EST, after fall-back, same day',
      'America/New_York',
      'day',
      '2026-11-01T06:30Z',
      '2026-11-01T04:00Z',
    ],
    ['a month starts at local midnight', 'Europe/Berlin', 'month', '2026-02-28T23:30Z', '2026-02-28T23:00Z'],
  ];
  for (const [name, zone, bucket, at, expected] of cases) {
    test(name, () => assert.equal(iso(bucketStartOf(t(at), bucket, zone)), full(expected)));
  }
});

describe('calendarDays', () => {
  // [case, zone, instants, expected distinct local days]
  const cases: [string, string, string[], number][] = [
    ['none', 'UTC', [], 0],
    ['duplicates of one instant', 'UTC', ['2026-03-04T10:00Z', '2026-03-04T10:00Z'], 1],
    ['either side of Berlin midnight', 'Europe/Berlin', ['2026-03-29T21:30Z', '2026-03-29T22:30Z'], 2],
    ['the same two instants in UTC', 'UTC', ['2026-03-29T21:30Z', '2026-03-29T22:30Z'], 1],
    ['both ends of the 25-hour day', 'America/New_York', ['2026-11-01T04:30Z', '2026-11-02T04:30Z'], 1],
    ['the same two instants in UTC', 'UTC', ['2026-11-01T04:30Z', '2026-11-02T04:30Z'], 2],
  ];
  for (const [name, zone, at, expected] of cases) {
    test(`${name} (${zone})`, () => assert.equal(calendarDays(at.map(t), zone), expected));
  }
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bucket } from '../model/facts.ts';
import { bucketStarts } from './window.ts';
import { full, iso, t } from '../../test/helpers/metric-fixtures.ts';

describe('bucketStarts', () => {
  // [case, zone, bucket, from, to, expected starts]
  const cases: [string, string, Bucket, string, string, string[]][] = [
    [
      'to is exclusive',
      'UTC',
      'day',
      '2026-03-01T00:00Z',
      '2026-03-03T00:00Z',
      ['2026-03-01T00:00Z', '2026-03-02T00:00Z'],
    ],
    [
      'a bucket touched by 1 ms counts',
      'UTC',
      'day',
      '2026-03-01T12:00Z',
      '2026-03-03T00:00:00.001Z',
      ['2026-03-01T00:00Z', '2026-03-02T00:00Z', '2026-03-03T00:00Z'],
    ],
    // 2026-03-29 (spring forward) lasts 23 hours: the next local midnight comes one hour "early" in UTC.
    [
      'Berlin days across DST',
      'Europe/Berlin',
      'day',
      '2026-03-27T23:00Z',
      '2026-03-30T22:00Z',
      ['2026-03-27T23:00Z', '2026-03-28T23:00Z', '2026-03-29T22:00Z'],
    ],
    [
      'Berlin weeks start Monday, CET then CEST',
      'Europe/Berlin',
      'week',
      '2026-03-25T12:00Z',
      '2026-04-01T00:00Z',
      ['2026-03-22T23:00Z', '2026-03-29T22:00Z'],
    ],
    // 2026-11-01 (fall back) lasts 25 hours.
    [
      'New York days across DST',
      'America/New_York',
      'day',
      '2026-10-31T04:00Z',
      '2026-11-03T05:00Z',
      ['2026-10-31T04:00Z', '2026-11-01T04:00Z', '2026-11-02T05:00Z'],
    ],
    [
      'weeks from a Wednesday start the Monday before',
      'UTC',
      'week',
      '2026-03-04T00:00Z',
      '2026-03-12T00:00Z',
      ['2026-03-02T00:00Z', '2026-03-09T00:00Z'],
    ],
    [
      'UTC months',
      'UTC',
      'month',
      '2026-01-15T00:00Z',
      '2026-03-01T00:00Z',
      ['2026-01-01T00:00Z', '2026-02-01T00:00Z'],
    ],
    // 00:00Z on May 1 is already 02:00 in Berlin, so May intersects the window.
    [
      'Berlin months',
      'Europe/Berlin',
      'month',
      '2026-03-15T00:00Z',
      '2026-05-01T00:00Z',
      ['2026-02-28T23:00Z', '2026-03-31T22:00Z', '2026-04-30T22:00Z'],
    ],
    [
      'UTC years',
      'UTC',
      'year',
      '2025-06-01T00:00Z',
      '2027-01-01T00:00Z',
      ['2025-01-01T00:00Z', '2026-01-01T00:00Z'],
    ],
  ];
  for (const [name, zone, bucket, from, to, expected] of cases) {
    test(name, () =>
      assert.deepEqual(bucketStarts({ from: t(from), to: t(to) }, bucket, zone).map(iso), expected.map(full)),
    );
  }

  test('an unknown time zone is refused', () => {
    assert.throws(() => bucketStarts({ from: 0, to: 1 }, 'day', 'Mars/Olympus'), /unknown time zone/);
  });
});

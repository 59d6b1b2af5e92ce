import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeSeries, type SeriesMetric } from './series.ts';
import { attempt, deployed, points, t, type SeriesCase } from '../../test/helpers/metric-fixtures.ts';

// Bucketing, zero-filling and time zones, on deployment frequency (volume per bucket).
const cases: SeriesCase[] = [
  {
    name: 'zero-filled days; failures, from − 1 ms and to are left out',
    metric: 'deployment-frequency',
    bucket: 'day',
    zone: 'UTC',
    window: ['2026-03-02T00:00Z', '2026-03-05T00:00Z'],
    input: {
      deployments: [
        ...['2026-03-01T23:59:59.999Z', '2026-03-02T00:00Z', '2026-03-02T17:00Z'].map((at) => deployed(at)),
        ...['2026-03-04T23:59:59.999Z', '2026-03-05T00:00Z'].map((at) => deployed(at)),
        attempt('2026-03-03T10:00Z'),
      ],
    },
    expected: points([
      ['2026-03-02T00:00Z', 2, 2],
      ['2026-03-03T00:00Z', 0, 0],
      ['2026-03-04T00:00Z', 1, 1],
    ]),
  },
  {
    // Local days 28, 29 (23 hours: 00:30 CET and 23:30 CEST both in it), 30.
    name: 'Berlin days across spring-forward',
    metric: 'deployment-frequency',
    bucket: 'day',
    zone: 'Europe/Berlin',
    window: ['2026-03-27T23:00Z', '2026-03-30T22:00Z'],
    input: {
      deployments: ['2026-03-28T12:00Z', '2026-03-28T23:30Z', '2026-03-29T21:30Z', '2026-03-29T22:30Z'].map(
        (at) => deployed(at),
      ),
    },
    expected: points([
      ['2026-03-27T23:00Z', 1, 1],
      ['2026-03-28T23:00Z', 2, 2],
      ['2026-03-29T22:00Z', 1, 1],
    ]),
  },
  {
    // 23:30 EST on Nov 1 is still the 25-hour day; 00:00 EST on Nov 2 is the next.
    name: 'New York days across fall-back',
    metric: 'deployment-frequency',
    bucket: 'day',
    zone: 'America/New_York',
    window: ['2026-10-31T04:00Z', '2026-11-03T05:00Z'],
    input: { deployments: [deployed('2026-11-02T04:30Z'), deployed('2026-11-02T05:00Z')] },
    expected: points([
      ['2026-10-31T04:00Z', 0, 0],
      ['2026-11-01T04:00Z', 1, 1],
      ['2026-11-02T05:00Z', 1, 1],
    ]),
  },
  {
    // The first week starts on the Monday before `from`; Tuesday 3 is before `from` and left out.
    name: 'weeks start Monday',
    metric: 'deployment-frequency',
    bucket: 'week',
    zone: 'UTC',
    window: ['2026-03-04T00:00Z', '2026-03-18T00:00Z'],
    input: {
      deployments: [
        '2026-03-03T10:00Z',
        '2026-03-04T00:00Z',
        '2026-03-08T23:00Z',
        '2026-03-09T00:00Z',
        '2026-03-18T00:00Z',
      ].map((at) => deployed(at)),
    },
    expected: points([
      ['2026-03-02T00:00Z', 2, 2],
      ['2026-03-09T00:00Z', 1, 1],
      ['2026-03-16T00:00Z', 0, 0],
    ]),
  },
  {
    name: 'years',
    metric: 'deployment-frequency',
    bucket: 'year',
    zone: 'UTC',
    window: ['2025-06-01T00:00Z', '2026-06-01T00:00Z'],
    input: { deployments: [deployed('2025-12-31T23:59Z'), deployed('2026-01-01T00:00Z')] },
    expected: points([
      ['2025-01-01T00:00Z', 1, 1],
      ['2026-01-01T00:00Z', 1, 1],
    ]),
  },
];

for (const { name, metric, input, window, bucket, zone, expected } of cases) {
  test(`${metric}: ${name}`, () => {
    assert.deepEqual(
      computeSeries(metric, input, { from: t(window[0]), to: t(window[1]) }, bucket, zone),
      expected,
    );
  });
}

test('no data: every bucket present, volume 0, the other metrics null', () => {
  const window = { from: t('2026-03-02T00:00Z'), to: t('2026-03-04T00:00Z') };
  const empty = points([
    ['2026-03-02T00:00Z', null, 0],
    ['2026-03-03T00:00Z', null, 0],
  ]);
  const zero = points([
    ['2026-03-02T00:00Z', 0, 0],
    ['2026-03-03T00:00Z', 0, 0],
  ]);
  const metrics: SeriesMetric[] = [
    'lead-time',
    'change-failure-rate',
    'time-to-restore',
    'failed-deployment-recovery-time',
    'rework-rate',
  ];
  assert.deepEqual(computeSeries('deployment-frequency', {}, window, 'day', 'UTC'), zero);
  for (const metric of metrics)
    assert.deepEqual(computeSeries(metric, {}, window, 'day', 'UTC'), empty, metric);
});

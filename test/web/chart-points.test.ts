import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  axisNumber,
  bucketDates,
  durationAxis,
  frequencyUnit,
  perUnit,
  plotValues,
  toChartPoints,
} from '../../web/src/chart-points.ts';
import { METRICS } from '../../web/src/metric-defs.ts';
import type { Series } from '../../web/src/types.ts';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

/** A weekly series over Wed 2026-11-04 .. Tue 2026-11-24 (exclusive): partial weeks at both ends. */
const weekly: Series = {
  metric: 'deployment-frequency',
  bucket: 'week',
  window: { from: '2026-11-04T00:00:00.000Z', to: '2026-11-24T00:00:00.000Z' },
  points: [
    { start: '2026-11-02T00:00:00.000Z', value: 10, n: 10 },
    { start: '2026-11-09T00:00:00.000Z', value: 14, n: 14 },
    { start: '2026-11-16T00:00:00.000Z', value: 7, n: 7 },
    { start: '2026-11-23T00:00:00.000Z', value: 3, n: 3 },
  ],
};

test('each bucket covers its days inside the window and up to now', () => {
  const now = at('2026-11-23T12:00:00Z');
  const points = toChartPoints(weekly, now);
  assert.deepEqual(
    points.map((p) => [p.days, p.clipped, p.soFar]),
    [
      [5, true, false],
      [7, false, false],
      [7, false, false],
      [0.5, false, true],
    ],
  );
  assert.deepEqual(points.map(bucketDates), [
    '2026-11-04 – 2026-11-08',
    '2026-11-09 – 2026-11-15',
    '2026-11-16 – 2026-11-22',
    '2026-11-23',
  ]);
});

test('deployment frequency is per day (or week) of the time covered, so a partial bucket is no drop', () => {
  const points = toChartPoints(weekly, at('2026-11-23T12:00:00Z'));
  assert.deepEqual(
    points.map((p) => perUnit(p, 'day')),
    [2, 2, 1, 6],
  );
  assert.deepEqual(
    points.map((p) => perUnit(p, 'week')),
    [14, 14, 7, 42],
  );
  // A bucket that has not begun by now has no rate, not an infinite one.
  const early = toChartPoints(weekly, at('2026-11-20T00:00:00Z'));
  assert.equal(perUnit(early[3]!, 'day'), null);
});

test("the chart's frequency unit is the card's: per day from one a day, else per week", () => {
  assert.equal(frequencyUnit(1), 'day');
  assert.equal(frequencyUnit(0.99), 'week');
  assert.equal(frequencyUnit(null), 'week');
});

test('one duration unit per axis, chosen from the largest value', () => {
  assert.equal(durationAxis(0).label, 'minutes');
  assert.equal(durationAxis(3599).label, 'minutes');
  assert.equal(durationAxis(3600).label, 'hours');
  assert.equal(durationAxis(48 * 3600 - 1).label, 'hours');
  assert.equal(durationAxis(48 * 3600).label, 'days');
  const lead = METRICS.find((def) => def.key === 'lead_time')!;
  const series: Series = {
    metric: 'lead-time',
    bucket: 'day',
    window: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z' },
    points: [
      { start: '2026-11-01T00:00:00.000Z', value: 2.3 * 86_400, n: 4 },
      { start: '2026-11-02T00:00:00.000Z', value: 28 * 3600, n: 2 },
      { start: '2026-11-03T00:00:00.000Z', value: 0, n: 1 },
    ],
  };
  const plotted = plotValues(lead, toChartPoints(series, at('2026-11-05T00:00:00Z')), 'day');
  assert.equal(plotted.axis.label, 'days');
  assert.deepEqual(
    plotted.values.map((v) => axisNumber(v!)),
    ['2.3', '1.2', '0'],
  );
});

test('rates are plotted in percent', () => {
  const cfr = METRICS.find((def) => def.key === 'change_failure_rate')!;
  const series: Series = {
    metric: 'change-failure-rate',
    bucket: 'day',
    window: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' },
    points: [{ start: '2026-11-01T00:00:00.000Z', value: 0.125, n: 8 }],
  };
  const plotted = plotValues(cfr, toChartPoints(series, at('2026-11-01T00:00:00Z') + 2 * DAY), 'day');
  assert.equal(plotted.axis.suffix, '%');
  assert.equal(plotted.values[0], 12.5);
});

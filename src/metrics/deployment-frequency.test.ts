import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentFact } from '../model/facts.ts';
import { computeDeploymentFrequency, type DeploymentFrequency } from './deployment-frequency.ts';
import {
  attempt as failed,
  FREQUENCY,
  frequencyResult as r,
  ok,
  rounded,
  t,
} from '../../test/helpers/metric-fixtures.ts';

const NONE = r(0, 0, null, null, null);
const WEEK = ['2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z'] as const; // Monday to Monday, UTC
const TWO_WEEKS = ['2026-03-02T00:00:00Z', '2026-03-16T00:00:00Z'] as const;
const workdays = (days: number[]): DeploymentFact[] =>
  days.map((day) => ok(`2026-03-${String(day).padStart(2, '0')}T10:00:00Z`));

// [case, zone, window, facts, expected]
const cases: [string, string, readonly [string, string], DeploymentFact[], DeploymentFrequency][] = [
  ['no data', 'UTC', WEEK, [], NONE],
  ['failed attempts only', 'UTC', WEEK, [failed('2026-03-04T10:00:00Z')], NONE],
  ['one deployment', 'UTC', WEEK, [ok('2026-03-04T10:00:00Z')], r(1, 1, 1 / 7, 1, 'high')],
  [
    'two at the same instant: one deploy-day',
    'UTC',
    WEEK,
    [ok('2026-03-04T10:00:00Z'), ok('2026-03-04T10:00:00Z')],
    r(2, 1, 2 / 7, 2, 'high'),
  ],
  [
    'from is inclusive, to exclusive',
    'UTC',
    WEEK,
    [
      '2026-03-01T23:59:59.999Z',
      '2026-03-02T00:00:00Z',
      '2026-03-08T23:59:59.999Z',
      '2026-03-09T00:00:00Z',
    ].map(ok),
    r(2, 2, 2 / 7, 2, 'high'),
  ],
  [
    'a failed attempt then a success',
    'UTC',
    WEEK,
    [failed('2026-03-04T10:00:00Z'), ok('2026-03-04T10:30:00Z')],
    r(1, 1, 1 / 7, 1, 'high'),
  ],
  // Weeks [5, 5]: every workday, two of them twice.
  [
    'elite',
    'UTC',
    TWO_WEEKS,
    workdays([2, 3, 3, 4, 5, 6, 9, 10, 10, 11, 12, 13]),
    r(12, 10, 12 / 14, 6, 'elite'),
  ],
  // Weeks [5, 4]: median 4.5 deploy-days is not "on demand".
  [
    'high, just below elite',
    'UTC',
    TWO_WEEKS,
    workdays([2, 3, 4, 5, 6, 9, 10, 11, 12]),
    r(9, 9, 9 / 14, 4.5, 'high'),
  ],
  // 7 days from a Wednesday hold no whole Monday week, so the window is one period of 5 deploy-days;
  // counting the two partial weeks [3, 2] would grade a team deploying every workday below elite.
  [
    'every workday, window not aligned to weeks',
    'UTC',
    ['2026-03-04T00:00:00Z', '2026-03-11T00:00:00Z'],
    workdays([4, 5, 6, 9, 10]),
    r(5, 5, 5 / 7, 5, 'elite'),
  ],
  // Weeks [1, 0, 0, 0] (median 0); no whole month, so the window is one period: 1 deploy-day.
  [
    'medium',
    'UTC',
    ['2026-03-02T00:00:00Z', '2026-03-30T00:00:00Z'],
    [ok('2026-03-03T10:00:00Z')],
    r(1, 1, 1 / 28, 0.25, 'medium'),
  ],
  // 90 days; months [1, 0, 0] (median 0).
  [
    'low',
    'UTC',
    ['2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z'],
    [ok('2026-01-10T10:00:00Z')],
    r(1, 1, 1 / 90, 7 / 90, 'low'),
  ],
];

for (const [name, zone, [from, to], facts, expected] of cases) {
  test(`${name} (${zone})`, () => {
    const actual = computeDeploymentFrequency(facts, { from: t(from), to: t(to) }, zone, FREQUENCY);
    // Rates compared to 1e-9: 1/7 by hand and 1 / (7 days) in code may differ in the last bit.
    assert.deepEqual(rounded(actual), rounded(expected));
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentFact } from '../model/facts.ts';
import { computeDeploymentFrequency, type DeploymentFrequency } from './deployment-frequency.ts';
import { FREQUENCY, frequencyResult as r, ok, rounded, t } from '../../test/helpers/metric-fixtures.ts';

// Local calendar days in the configured zone: a 23-hour and a 25-hour day (DESIGN.md §3).
const BERLIN_DST_WEEK = ['2026-03-22T23:00:00Z', '2026-03-29T22:00:00Z'] as const; // 167 hours
const NEW_YORK_LONG_DAY = ['2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z'] as const; // 25 hours
const BERLIN_FACTS = [
  '2026-03-22T23:30:00Z', // Monday 23, 00:30 CET (Sunday in UTC)
  '2026-03-24T12:00:00Z',
  '2026-03-28T23:30:00Z', // Sunday 29, 00:30 CET (Saturday in UTC)
  '2026-03-29T00:30:00Z', // Sunday 29, 01:30 CET
  '2026-03-29T21:30:00Z', // Sunday 29, 23:30 CEST
  '2026-03-29T22:30:00Z', // Monday 30, 00:30 CEST: the next week, outside the window
].map(ok);
// Monday to Friday at 00:30 CET: one Berlin week, but the Monday falls in the previous UTC week.
const BERLIN_WORKDAYS = [22, 23, 24, 25, 26].map((day) => ok(`2026-03-${day}T23:30:00Z`));

// [case, zone, window, facts, expected]
const cases: [string, string, readonly [string, string], DeploymentFact[], DeploymentFrequency][] = [
  // Local days 23, 24, 29 (three times, across the switch to CEST); Monday 30 00:30 CEST is outside.
  [
    'Berlin DST week, local days',
    'Europe/Berlin',
    BERLIN_DST_WEEK,
    BERLIN_FACTS,
    r(5, 3, 120 / 167, 840 / 167, 'high'),
  ],
  // UTC days 22, 24, 28, 29; no whole UTC week inside the Berlin window: one period of 4 deploy-days.
  ['the same facts in UTC', 'UTC', BERLIN_DST_WEEK, BERLIN_FACTS, r(5, 4, 120 / 167, 840 / 167, 'high')],
  [
    'every workday of the Berlin week is elite',
    'Europe/Berlin',
    BERLIN_DST_WEEK,
    BERLIN_WORKDAYS,
    r(5, 5, 120 / 167, 840 / 167, 'elite'),
  ],
  // No whole UTC week inside the Berlin window: one period of 5 deploy-days.
  [
    'the same workdays in UTC weeks',
    'UTC',
    BERLIN_DST_WEEK,
    BERLIN_WORKDAYS,
    r(5, 5, 120 / 167, 840 / 167, 'elite'),
  ],
  // 00:30 EDT and 23:30 EST are the same 25-hour local day.
  [
    'New York fall-back day',
    'America/New_York',
    NEW_YORK_LONG_DAY,
    ['2026-11-01T04:30:00Z', '2026-11-02T04:30:00Z'].map(ok),
    r(2, 1, 1.92, 13.44, 'high'),
  ],
  [
    'the same facts in UTC',
    'UTC',
    NEW_YORK_LONG_DAY,
    ['2026-11-01T04:30:00Z', '2026-11-02T04:30:00Z'].map(ok),
    r(2, 2, 1.92, 13.44, 'high'),
  ],
];

for (const [name, zone, [from, to], facts, expected] of cases) {
  test(`${name} (${zone})`, () => {
    const actual = computeDeploymentFrequency(facts, { from: t(from), to: t(to) }, zone, FREQUENCY);
    // Rates compared to 1e-9: 120/167 by hand and 5 / (167/24) in code may differ in the last bit.
    assert.deepEqual(rounded(actual), rounded(expected));
  });
}

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BenchmarkBand, Level } from '../model/facts.ts';
import { deploymentFrequencyLevel, levelFor, overallLevel } from './levels.ts';
import { FREQUENCY } from '../../test/helpers/metric-fixtures.ts';

// 2024 lead time, listed worst first on purpose: order in the table must not matter.
const LEAD_TIME: BenchmarkBand[] = [
  { year: 2024, metric: 'lead_time', level: 'low', comparison: 'max', bound: null, unit: 'seconds' },
  { year: 2024, metric: 'lead_time', level: 'medium', comparison: 'max', bound: 2592000, unit: 'seconds' },
  { year: 2024, metric: 'lead_time', level: 'high', comparison: 'max', bound: 604800, unit: 'seconds' },
  { year: 2024, metric: 'lead_time', level: 'elite', comparison: 'max', bound: 86400, unit: 'seconds' },
];

describe('levelFor', () => {
  test('no value (n = 0) has no level', () => assert.equal(levelFor('lead_time', null, LEAD_TIME), null));
  test('no bands for the metric, no level', () =>
    assert.equal(levelFor('time_to_restore', 60, LEAD_TIME), null));
  test('bands are tried elite first whatever their order', () =>
    assert.equal(levelFor('lead_time', 60, LEAD_TIME), 'elite'));
  test('frequency bands are not read as seconds', () =>
    assert.equal(levelFor('deployment_frequency', 7, FREQUENCY), null));
  test('a min band holds at and above its bound', () => {
    const bands: BenchmarkBand[] = [
      { year: 2024, metric: 'lead_time', level: 'elite', comparison: 'min', bound: 10, unit: 'seconds' },
    ];
    assert.deepEqual(
      [9, 10, 11].map((value) => levelFor('lead_time', value, bands)),
      [null, 'elite', 'elite'],
    );
  });
});

describe('deploymentFrequencyLevel', () => {
  // [case, deploy-days per week, deploy-days per month, expected]
  const cases: [string, number[], number[], Level | null][] = [
    ['median of 5 deploy-days a week is elite', [5, 5], [10], 'elite'],
    ['median 5 of an odd count', [4, 5, 6], [15], 'elite'],
    ['median 4.5 is just below elite', [5, 4], [9], 'high'],
    ['median of exactly 1 a week is high', [1, 1, 0], [2], 'high'],
    ['median 0.5 a week falls back to months', [1, 0], [1], 'medium'],
    ['a deploy-day in a quiet month is medium', [0, 0, 0, 0, 1], [1], 'medium'],
    ['median 0.5 a month is low', [0, 0, 0, 0, 0, 0, 0, 0, 1], [1, 0], 'low'],
    ['nothing at all is low', [0, 0, 0, 0, 0], [0], 'low'],
    ['no calendar buckets, no level', [], [], null],
  ];
  for (const [name, weeks, months, expected] of cases) {
    test(name, () => assert.equal(deploymentFrequencyLevel(weeks, months, FREQUENCY), expected));
  }

  test('without frequency bands there is no level', () => {
    assert.equal(deploymentFrequencyLevel([5], [5], LEAD_TIME), null);
  });
});

describe('overallLevel', () => {
  // [case, levels, expected]
  const cases: [string, (Level | null)[], Level | null][] = [
    ['nothing known', [], null],
    ['all unknown', [null, null, null, null], null],
    ['the worst known level wins', ['elite', null, 'high', 'elite'], 'high'],
    ['low beats everything', ['elite', 'low', 'medium', 'high'], 'low'],
    ['one known level', [null, 'medium', null, null], 'medium'],
  ];
  for (const [name, levels, expected] of cases) {
    test(name, () => assert.equal(overallLevel(levels), expected));
  }
});

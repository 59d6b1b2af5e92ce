import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandsOf, bandWords, durationWords } from '../../web/src/band-words.ts';
import type { BenchmarkBand } from '../../web/src/types.ts';

const band = (over: Partial<BenchmarkBand>): BenchmarkBand => ({
  metric: 'lead_time',
  level: 'elite',
  comparison: 'max',
  bound: 86_400,
  unit: 'seconds',
  ...over,
});

test('durations read as the reports write them', () => {
  assert.deepEqual([3600, 86_400, 604_800, 2_592_000, 15_552_000, 5400].map(durationWords), [
    '1 hour',
    '1 day',
    '1 week',
    '30 days',
    '180 days',
    '90 minutes',
  ]);
});

test('each kind of bound in words; a null bound is the catch-all', () => {
  assert.equal(bandWords(band({})), '≤ 1 day');
  assert.equal(bandWords(band({ unit: 'ratio', bound: 0.15 })), '≤ 15%');
  assert.equal(
    bandWords(band({ comparison: 'min', unit: 'deploy_days_per_week', bound: 5 })),
    '≥ 5 deploy-days a week',
  );
  assert.equal(
    bandWords(band({ comparison: 'min', unit: 'deploy_days_per_month', bound: 1 })),
    '≥ 1 deploy-day a month',
  );
  assert.equal(bandWords(band({ bound: null })), 'longer');
  assert.equal(bandWords(band({ unit: 'ratio', bound: null })), 'higher');
  assert.equal(
    bandWords(band({ comparison: 'min', unit: 'deploy_days_per_month', bound: null })),
    'less often',
  );
});

test('a level the report leaves unreachable is a gap in elite-to-low order', () => {
  const bands = [
    band({ metric: 'change_failure_rate', level: 'low', unit: 'ratio', bound: null }),
    band({ metric: 'change_failure_rate', level: 'elite', unit: 'ratio', bound: 0.05 }),
    band({ metric: 'change_failure_rate', level: 'high', unit: 'ratio', bound: 0.2 }),
    band({ metric: 'lead_time', level: 'medium' }),
  ];
  assert.deepEqual(
    bandsOf(bands, 'change_failure_rate').map((each) => each?.level),
    ['elite', 'high', undefined, 'low'],
  );
});

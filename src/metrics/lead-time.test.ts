import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BenchmarkBand, ChangeFact, Level } from '../model/facts.ts';
import { computeLeadTime, type LeadTime, type LeadTimeStages, type StageSummary } from './lead-time.ts';
import { changeFact, HOUR } from '../../test/helpers/metric-fixtures.ts';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const hoursAfter = (hours: number | undefined): number | null =>
  hours === undefined ? null : T0 + hours * HOUR;
interface PullRequest {
  opened?: number;
  review?: number;
  approved?: number;
  merged?: number;
}
/** A change committed and deployed so many hours after T0 (null: commit time unknown). */
const change = (committed: number | null, deployed: number, pr: PullRequest = {}): ChangeFact =>
  changeFact(committed === null ? null : T0 + committed * HOUR, T0 + deployed * HOUR, {
    prOpenedAt: hoursAfter(pr.opened),
    firstReviewAt: hoursAfter(pr.review),
    approvedAt: hoursAfter(pr.approved),
    mergedAt: hoursAfter(pr.merged),
  });

const stage = (n: number, median: number | null, p75: number | null, mean: number | null): StageSummary => ({
  n,
  median_seconds: median,
  p75_seconds: p75,
  mean_seconds: mean,
});
const NONE = stage(0, null, null, null);
const NO_STAGES: LeadTimeStages = {
  coding: NONE,
  pickup: NONE,
  review: NONE,
  deploy: NONE,
  review_lead_time: NONE,
  deployment_lead_time: NONE,
};
/** [n, median, p75, p90, mean, excluded], durations in seconds. */
type Stats = [
  n: number,
  median: number | null,
  p75: number | null,
  p90: number | null,
  mean: number | null,
  excluded: number,
];
const lead = (
  [n, median, p75, p90, mean, excluded]: Stats,
  level: Level | null,
  stages = NO_STAGES,
  withPullRequest = 0,
): LeadTime => ({
  ...{ n, median_seconds: median, p75_seconds: p75, p90_seconds: p90, mean_seconds: mean, excluded },
  with_pull_request: withPullRequest,
  stages,
  level,
});
const rounded = (value: LeadTime): unknown =>
  JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)),
  );

// 2024 lead time bands, as in src/store/migrations/0002_dora_benchmarks.sql.
const BANDS: BenchmarkBand[] = (
  [
    ['elite', 86400],
    ['high', 604800],
    ['medium', 2592000],
    ['low', null],
  ] as const
).map(([level, bound]) => ({
  year: 2024,
  metric: 'lead_time',
  level,
  comparison: 'max',
  bound,
  unit: 'seconds',
}));

const FULL_PR = { opened: 1, review: 3, approved: 4, merged: 6 };

// [case, facts, expected]
const cases: [string, ChangeFact[], LeadTime][] = [
  ['no data', [], lead([0, null, null, null, null, 0], null)],
  ['one change', [change(0, 2)], lead([1, 7200, 7200, 7200, 7200, 0], 'elite')],
  // Spans 1h, 2h, 3h, 4h arriving out of order: p75 at position 2.25, p90 at 2.7.
  [
    'interpolated percentiles, out-of-order arrival',
    [change(0, 4), change(0, 1), change(0, 3), change(0, 2)],
    lead([4, 9000, 11700, 13320, 9000, 0], 'elite'),
  ],
  ['duplicates both count', [change(0, 1), change(0, 1)], lead([2, 3600, 3600, 3600, 3600, 0], 'elite')],
  [
    'unknown commit time: skipped, not excluded',
    [change(null, 5), change(0, 1)],
    lead([1, 3600, 3600, 3600, 3600, 0], 'elite'),
  ],
  ['clock skew alone: excluded, no data', [change(1, 0)], lead([0, null, null, null, null, 1], null)],
  [
    'clock skew beside a good change',
    [change(1, 0), change(0, 2)],
    lead([1, 7200, 7200, 7200, 7200, 1], 'elite'),
  ],
  ['exactly one day is elite', [change(0, 24)], lead([1, 86400, 86400, 86400, 86400, 0], 'elite')],
  [
    'one day and one second is high',
    [{ ...change(0, 0), deployedAt: T0 + 86_401_000 }],
    lead([1, 86401, 86401, 86401, 86401, 0], 'high'),
  ],
  // 2025-01-01 → 2026-03-02 is 425 days.
  [
    'a very long gap is low',
    [{ ...change(0, 0), committedAt: Date.parse('2025-01-01T00:00:00Z') }],
    lead([1, 36720000, 36720000, 36720000, 36720000, 0], 'low'),
  ],
  [
    'every stage of one pull request',
    [change(0, 10, FULL_PR)],
    lead(
      [1, 36000, 36000, 36000, 36000, 0],
      'elite',
      {
        coding: stage(1, 3600, 3600, 3600),
        pickup: stage(1, 7200, 7200, 7200),
        review: stage(1, 10800, 10800, 10800),
        deploy: stage(1, 14400, 14400, 14400),
        review_lead_time: stage(1, 10800, 10800, 10800),
        deployment_lead_time: stage(1, 21600, 21600, 21600),
      },
      1,
    ),
  ],
  // B has no commit time and no review, but its known stages count; C was opened before its commit
  // (skew): its coding span is dropped from that stage only. p75 of two spans a, b (a ≤ b) is
  // a + 0.75 (b − a): review lead time 2h, 3h → 9900 s; deployment lead time 3h, 6h → 18900 s.
  // A and C are measured and came through pull requests (B is not measured): 2.
  [
    'partial and skewed stages',
    [
      change(0, 10, FULL_PR),
      change(null, 5, { opened: 0, approved: 2, merged: 1 }),
      change(0, 24, { opened: -1 }),
    ],
    lead(
      [2, 61200, 73800, 81360, 61200, 0],
      'elite',
      {
        coding: stage(1, 3600, 3600, 3600),
        pickup: stage(1, 7200, 7200, 7200),
        review: stage(1, 10800, 10800, 10800),
        deploy: stage(2, 14400, 14400, 14400),
        review_lead_time: stage(2, 9000, 9900, 9000),
        deployment_lead_time: stage(2, 16200, 18900, 16200),
      },
      2,
    ),
  ],
];

for (const [name, facts, expected] of cases) {
  test(name, () => assert.deepEqual(rounded(computeLeadTime(facts, BANDS)), rounded(expected)));
}

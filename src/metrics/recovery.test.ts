import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BenchmarkBand, BenchmarkMetric, DeploymentFact, IncidentFact, Level } from '../model/facts.ts';
import {
  computeFailedDeploymentRecovery,
  computeTimeToRestore,
  type FailedDeploymentRecovery,
  type TimeToRestore,
} from './recovery.ts';
import { deployment, incidentFact, T0 } from '../../test/helpers/metric-fixtures.ts';

const MINUTE = 60_000;
/** An incident lasting so many minutes (negative: resolved before it started, i.e. clock skew). */
const incident = (minutes: number, startedAt = T0): IncidentFact =>
  incidentFact(startedAt, startedAt + minutes * MINUTE);
const after = (minutes: number): number => T0 + minutes * MINUTE;

// 2024 recovery bands, as in src/store/migrations/0002_dora_benchmarks.sql (no medium row in 2024).
const bands = (metric: BenchmarkMetric): BenchmarkBand[] =>
  (
    [
      ['elite', 3600],
      ['high', 86400],
      ['low', null],
    ] as const
  ).map(([level, bound]) => ({ year: 2024, metric, level, comparison: 'max', bound, unit: 'seconds' }));

describe('computeTimeToRestore', () => {
  const ttr = (
    [n, median, mean, p90, excluded]: [number, number | null, number | null, number | null, number],
    level: Level | null,
  ): TimeToRestore => ({ n, median_seconds: median, mean_seconds: mean, p90_seconds: p90, excluded, level });
  // [case, incidents, expected: [n, median, mean, p90, excluded], level]
  const cases: [string, IncidentFact[], TimeToRestore][] = [
    ['no data', [], ttr([0, null, null, null, 0], null)],
    ['one incident', [incident(30)], ttr([1, 1800, 1800, 1800, 0], 'elite')],
    ['resolved the instant it started', [incident(0)], ttr([1, 0, 0, 0, 0], 'elite')],
    ['duplicates both count', [incident(30), incident(30)], ttr([2, 1800, 1800, 1800, 0], 'elite')],
    // 1h, 2h, 3h, 4h out of order: p90 at position 2.7 → 3.7 hours.
    [
      'interpolated, out of order',
      [incident(240), incident(60), incident(180), incident(120)],
      ttr([4, 9000, 9000, 13320, 0], 'high'),
    ],
    ['clock skew alone: excluded, no data', [incident(-5)], ttr([0, null, null, null, 1], null)],
    ['clock skew beside a good one', [incident(-5), incident(60)], ttr([1, 3600, 3600, 3600, 1], 'elite')],
    ['exactly one day is high', [incident(1440)], ttr([1, 86400, 86400, 86400, 0], 'high')],
    // 2024 medium published "< 1 day" like high, so anything longer is low.
    ['a day and a minute is low', [incident(1441)], ttr([1, 86460, 86460, 86460, 0], 'low')],
  ];
  for (const [name, facts, expected] of cases) {
    test(name, () => assert.deepEqual(computeTimeToRestore(facts, bands('time_to_restore')), expected));
  }
});

describe('computeFailedDeploymentRecovery', () => {
  const fdrt = (n: number, median: number | null, level: Level | null): FailedDeploymentRecovery => ({
    n,
    median_seconds: median,
    level,
  });
  const incidentResolved = (minutes: number) =>
    deployment({ hasIncident: true, incidentsResolvedAt: after(minutes) });
  // [case, deployments, expected]
  const cases: [string, DeploymentFact[], FailedDeploymentRecovery][] = [
    ['no data', [], fdrt(0, null, null)],
    ['a deployment that did not fail', [deployment({})], fdrt(0, null, null)],
    ['failed with an incident resolved 30 min later', [incidentResolved(30)], fdrt(1, 1800, 'elite')],
    // Rolled back after 2 h, incident resolved after 5 h: recovery is the first of the two.
    [
      'rollback before the incident resolution',
      [deployment({ hasIncident: true, incidentsResolvedAt: after(300), remediatedAt: after(120) })],
      fdrt(1, 7200, 'high'),
    ],
    ['remediated by a hotfix only', [deployment({ remediatedAt: after(45) })], fdrt(1, 2700, 'elite')],
    [
      'incident still open: not recovered, not counted',
      [deployment({ hasIncident: true }), incidentResolved(30)],
      fdrt(1, 1800, 'elite'),
    ],
    [
      'a failed attempt is not a failed deployment',
      [deployment({ status: 'failure', remediatedAt: after(5) })],
      fdrt(0, null, null),
    ],
    ['recovery before the finish (clock skew) is left out', [incidentResolved(-10)], fdrt(0, null, null)],
    [
      'the median of three',
      [incidentResolved(30), incidentResolved(120), incidentResolved(1500)],
      fdrt(3, 7200, 'high'),
    ],
    [
      'two failures finishing at the same instant',
      [incidentResolved(1500), incidentResolved(1500)],
      fdrt(2, 90000, 'low'),
    ],
  ];
  for (const [name, facts, expected] of cases) {
    test(name, () =>
      assert.deepEqual(
        computeFailedDeploymentRecovery(facts, bands('failed_deployment_recovery_time')),
        expected,
      ),
    );
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BenchmarkBand, DeploymentFact, Level } from '../model/facts.ts';
import { computeChangeFailureRate, type ChangeFailureRate } from './change-failure-rate.ts';
import { deployment as ok, HOUR, T0 } from '../../test/helpers/metric-fixtures.ts';

const attempt = (overrides: Partial<DeploymentFact> = {}): DeploymentFact =>
  ok({ status: 'failure', ...overrides });
const withIncident = ok({ hasIncident: true, incidentsResolvedAt: T0 + HOUR });
/** Rolled back: the next deployment of the stream, a rollback, finished an hour later. */
const rolledBack = ok({ remediatedAt: T0 + HOUR });
const rollback = ok({ finishedAt: T0 + HOUR, kind: 'rollback' });
const hotfix = ok({ finishedAt: T0 + HOUR, kind: 'hotfix' });
const times = (count: number, fact: DeploymentFact): DeploymentFact[] =>
  Array.from({ length: count }, () => fact);

const cfr = (
  total: number,
  failed: number,
  rate: number | null,
  failed_attempts: number,
  level: Level | null,
): ChangeFailureRate => ({ total, failed, rate, failed_attempts, level });

// 2024 change failure rate bands, as in src/store/migrations/0002_dora_benchmarks.sql.
const BANDS: BenchmarkBand[] = [
  {
    year: 2024,
    metric: 'change_failure_rate',
    level: 'elite',
    comparison: 'max',
    bound: 0.05,
    unit: 'ratio',
  },
  { year: 2024, metric: 'change_failure_rate', level: 'high', comparison: 'max', bound: 0.2, unit: 'ratio' },
  { year: 2024, metric: 'change_failure_rate', level: 'low', comparison: 'max', bound: null, unit: 'ratio' },
];

// [case, facts, expected]
const cases: [string, DeploymentFact[], ChangeFailureRate][] = [
  ['no data', [], cfr(0, 0, null, 0, null)],
  ['failed attempts only: outside the rate', [attempt(), attempt()], cfr(0, 0, null, 2, null)],
  ['one clean deployment', [ok()], cfr(1, 0, 0, 0, 'elite')],
  ['one deployment with an incident', [withIncident], cfr(1, 1, 1, 0, 'low')],
  ['a failed attempt then a success', [attempt(), ok({ finishedAt: T0 + HOUR })], cfr(1, 0, 0, 1, 'elite')],
  [
    'an attempt with an incident is still only an attempt',
    [attempt({ hasIncident: true })],
    cfr(0, 0, null, 1, null),
  ],
  // The rollback remediated the first deployment; the rollback itself is a clean success.
  ['rolled back', [rolledBack, rollback], cfr(2, 1, 0.5, 0, 'low')],
  ['remediated by a hotfix', [ok({ remediatedAt: T0 + HOUR }), hotfix], cfr(2, 1, 0.5, 0, 'low')],
  [
    'an incident and a rollback on one deployment count once',
    [ok({ hasIncident: true, remediatedAt: T0 + HOUR }), rollback],
    cfr(2, 1, 0.5, 0, 'low'),
  ],
  ['two deployments finishing at the same instant', [ok(), ok()], cfr(2, 0, 0, 0, 'elite')],
  ['1 in 20 is elite', [withIncident, ...times(19, ok())], cfr(20, 1, 0.05, 0, 'elite')],
  ['1 in 19 is high', [withIncident, ...times(18, ok())], cfr(19, 1, 1 / 19, 0, 'high')],
  // 10% was 2024's medium cluster, but high (20%) is tried first: medium is unreachable.
  ['1 in 10 is high', [withIncident, ...times(9, ok())], cfr(10, 1, 0.1, 0, 'high')],
  ['1 in 5 is high', [withIncident, ...times(4, ok())], cfr(5, 1, 0.2, 0, 'high')],
  ['1 in 4 is low', [withIncident, ...times(3, ok())], cfr(4, 1, 0.25, 0, 'low')],
];

for (const [name, facts, expected] of cases) {
  test(name, () => assert.deepEqual(computeChangeFailureRate(facts, BANDS), expected));
}

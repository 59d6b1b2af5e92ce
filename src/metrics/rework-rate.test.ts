import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentFact } from '../model/facts.ts';
import { computeReworkRate, type ReworkRate } from './rework-rate.ts';
import { deployment, T0 } from '../../test/helpers/metric-fixtures.ts';

const standard = deployment();
const rollback = deployment({ kind: 'rollback' });
const hotfix = deployment({ kind: 'hotfix' });
const fixesIncident = deployment({ fixesIncident: true });
const failedHotfix = deployment({ kind: 'hotfix', status: 'failure' });

// [case, deployments, expected]
const cases: [string, DeploymentFact[], ReworkRate][] = [
  ['no data', [], { total: 0, rework: 0, rate: null }],
  ['failed attempts only', [failedHotfix], { total: 0, rework: 0, rate: null }],
  ['planned work only', [standard, standard], { total: 2, rework: 0, rate: 0 }],
  ['a rollback is rework', [standard, rollback], { total: 2, rework: 1, rate: 0.5 }],
  ['a hotfix is rework', [hotfix], { total: 1, rework: 1, rate: 1 }],
  [
    'a standard deployment fixing an incident is rework',
    [fixesIncident, standard],
    { total: 2, rework: 1, rate: 0.5 },
  ],
  // A deployment that failed (incident, remediated) is not itself rework: its remediation is.
  [
    'the remediated deployment is not rework',
    [deployment({ hasIncident: true, remediatedAt: T0 + 1 }), rollback],
    { total: 2, rework: 1, rate: 0.5 },
  ],
  ['a failed hotfix attempt is outside the rate', [standard, failedHotfix], { total: 1, rework: 0, rate: 0 }],
  ['a mix', [standard, rollback, hotfix, fixesIncident, failedHotfix], { total: 4, rework: 3, rate: 0.75 }],
  [
    'duplicates at the same instant both count',
    [rollback, rollback, standard, standard],
    { total: 4, rework: 2, rate: 0.5 },
  ],
];

for (const [name, facts, expected] of cases) {
  test(name, () => assert.deepEqual(computeReworkRate(facts), expected));
}

/** The evidence page's URL state and headline, without a browser. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describeTotal,
  describeWindow,
  evidenceParams,
  parseEvidence,
} from '../../web/src/pages/evidence-query.ts';

test("a card's preset stands for its filters; explicit filters win over it", () => {
  assert.deepEqual(parseEvidence('?tab=deployments&only=failed'), {
    tab: 'deployments',
    filters: { production: 'true', failed: 'true' },
    sort: '-finished_at',
    cursor: undefined,
  });
  assert.deepEqual(parseEvidence('?tab=deployments&only=failed&production=false').filters, {
    production: 'false',
    failed: 'true',
  });
  assert.deepEqual(parseEvidence('?tab=incidents&only=restored').filters, {
    counted: 'true',
    restored: 'true',
  });
  // Another tab's filters and unknown tabs or sorts fall back to the defaults.
  assert.deepEqual(parseEvidence('?tab=nope&stage=lead&sort=-severity'), {
    tab: 'deployments',
    filters: {},
    sort: '-finished_at',
    cursor: undefined,
  });
});

test('a stage filter sorts by that stage unless a sort is given; defaults stay out of the URL', () => {
  const state = parseEvidence('?tab=changes&stage=review&min_seconds=86400');
  assert.equal(state.sort, '-review');
  assert.deepEqual(evidenceParams(state), {
    tab: 'changes',
    stage: 'review',
    min_seconds: '86400',
    sort: undefined,
    cursor: undefined,
  });
  assert.equal(parseEvidence('?tab=changes&stage=review&sort=deployed_at').sort, 'deployed_at');
  assert.equal(evidenceParams({ ...state, sort: '' }).sort, undefined);
});

test('the headline says what the total counts', () => {
  const cases: [Parameters<typeof describeTotal>, string][] = [
    [['deployments', { production: 'true', status: 'success' }, 24], '24 successful production deployments'],
    [['deployments', { production: 'true', failed: 'true' }, 1], '1 failed production deployment'],
    [
      ['deployments', { production: 'true', remediated: 'true' }, 3],
      '3 failed production deployments with a measured recovery',
    ],
    [['deployments', { production: 'true', rework: 'true' }, 2], '2 rework production deployments'],
    [
      ['deployments', { status: 'failure' }, 2],
      '2 unsuccessful deployments (attempts that never reached production)',
    ],
    [['deployments', {}, 1234], '1,234 deployments'],
    [['changes', { stage: 'lead' }, 214], '214 changes with a measured lead time'],
    [['changes', { stage: 'review', min_seconds: '86400' }, 5], '5 changes whose review took at least 1 day'],
    [['changes', { pull_request: 'false' }, 1], '1 change without a pull request'],
    [['incidents', { counted: 'true', restored: 'true' }, 7], '7 counted incidents restored in this period'],
    [['incidents', { attributed: 'false' }, 2], '2 incidents, unattributed'],
  ];
  for (const [args, expected] of cases) assert.equal(describeTotal(...args), expected);
});

test('the window reads as the days it holds, its exclusive end shown as the last day', () => {
  const day = (iso: string) => Date.parse(iso);
  assert.equal(
    describeWindow({ from: day('2026-11-01T00:00:00Z'), to: day('2026-12-01T00:00:00Z') }),
    '1 Nov 2026 – 30 Nov 2026',
  );
  assert.equal(
    describeWindow({ from: day('2026-12-04T13:00:00Z'), to: day('2026-12-04T13:00:00.001Z') }),
    '4 Dec 2026',
  );
});

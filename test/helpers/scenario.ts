/**
 * A small delivery history that exercises every attribution rule: a git range per deployment, a
 * failed attempt, an incident caught by the time window, an inferred rollback, a redeploy of the
 * rolled-back commits, an explicit incident → deployment link, a hotfix, a staging deployment.
 * The expected metrics for the week [2026-03-02, 2026-03-09) are computed by hand in
 * arrival-order.test.ts.
 */
export interface ScenarioEvent {
  path: '/api/v1/changes' | '/api/v1/deployments' | '/api/v1/incidents';
  body: Record<string, unknown>;
}

const change = (sha: string, parents: string[], committed_at: string): ScenarioEvent => ({
  path: '/api/v1/changes',
  body: { repository: 'acme/shop', sha, parents, committed_at },
});
const deploy = (id: string, fields: Record<string, unknown>): ScenarioEvent => ({
  path: '/api/v1/deployments',
  body: { id, service: 'shop', environment: 'production', status: 'success', ...fields },
});
const incident = (id: string, fields: Record<string, unknown>): ScenarioEvent => ({
  path: '/api/v1/incidents',
  body: { id, service: 'shop', ...fields },
});

/** In the order things happened. */
export const SCENARIO: readonly ScenarioEvent[] = [
  change('c1c1c1c1', [], '2026-03-02T09:00:00Z'),
  change('c2c2c2c2', ['c1c1c1c1'], '2026-03-02T10:00:00Z'),
  deploy('d1', { finished_at: '2026-03-02T12:00:00Z', commit: 'c2c2c2c2', version: 'v1' }),
  change('c3c3c3c3', ['c2c2c2c2'], '2026-03-03T09:00:00Z'),
  change('c4c4c4c4', ['c3c3c3c3'], '2026-03-03T10:00:00Z'),
  deploy('d2', { status: 'failure', finished_at: '2026-03-03T11:00:00Z', commit: 'c4c4c4c4', version: 'v2' }),
  deploy('d3', { finished_at: '2026-03-03T12:00:00Z', commit: 'c4c4c4c4', version: 'v2' }),
  incident('i1', { started_at: '2026-03-03T13:00:00Z', resolved_at: '2026-03-03T15:00:00Z' }),
  deploy('d4', { finished_at: '2026-03-03T14:00:00Z', commit: 'c2c2c2c2', version: 'v1' }),
  deploy('d5', { finished_at: '2026-03-04T08:00:00+00:00', commit: 'c4c4c4c4', version: 'v2' }),
  change('c5c5c5c5', ['c4c4c4c4'], '2026-03-04T09:00:00Z'),
  incident('i2', {
    started_at: '2026-03-04T09:00:00Z',
    resolved_at: '2026-03-04T12:30:00Z',
    deployment: 'd5',
  }),
  change('c6c6c6c6', ['c5c5c5c5'], '2026-03-04T10:00:00Z'),
  deploy('d6', {
    finished_at: '2026-03-04T13:00:00+01:00',
    commit: 'c5c5c5c5',
    version: 'v3',
    kind: 'hotfix',
    fixes_incidents: ['i2'],
  }),
  deploy('d7', {
    environment: 'staging',
    finished_at: '2026-03-04T13:00:00Z',
    commit: 'c6c6c6c6',
    version: 'v4',
  }),
  deploy('d8', { finished_at: '2026-03-05T12:00:00Z', commit: 'c6c6c6c6', version: 'v4' }),
];

/** A fixed permutation, so a failure is reproducible. */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

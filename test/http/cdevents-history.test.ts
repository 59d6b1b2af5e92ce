/**
 * A CDEvents-only history (changes created, reviewed and merged; artifacts packaged; services
 * deployed, upgraded and rolled back; an incident detected and resolved) posted as CloudEvents in
 * shuffled order gives the same five metrics as the equivalent native API calls.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backends } from '../helpers/backends.ts';
import { shuffled } from '../helpers/scenario.ts';
import { startServer } from '../helpers/server.ts';

const WINDOW = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';
const C1 = 'c1c1c1c1c1';
const C2 = 'c2c2c2c2c2';
const C3 = 'c3c3c3c3c3';
const A = (n: number) => `pkg:oci/shop@sha256%3A${String(n).repeat(8)}`;

let sequence = 0;
function cdevent(type: string, timestamp: string, subject: { id: string; content: object }) {
  const id = `e-${++sequence}`;
  return {
    specversion: '1.0',
    id,
    source: '/delivery',
    type: `dev.cdevents.${type}`,
    datacontenttype: 'application/json',
    data: {
      context: { specversion: '0.5.1', id, source: '/delivery', type: `dev.cdevents.${type}`, timestamp },
      subject,
    },
  };
}
const repository = { repository: { id: 'acme/shop' } };
const change = (predicate: string, sha: string, at: string) =>
  cdevent(`change.${predicate}.${predicate === 'created' ? '0.4.0' : '0.3.0'}`, at, {
    id: sha,
    content: repository,
  });
const packaged = (artifact: string, sha: string) =>
  cdevent('artifact.packaged.0.3.0', '2026-03-01T00:00:00Z', {
    id: artifact,
    content: { change: { id: sha } },
  });
const service = (predicate: string, at: string, artifact: string, environment = 'production') =>
  cdevent(`service.${predicate}.0.3.0`, at, {
    id: 'shop',
    content: { environment: { id: environment }, artifactId: artifact },
  });
const incident = (predicate: string, at: string) =>
  cdevent(`incident.${predicate}.0.3.0`, at, {
    id: 'INC-1',
    content: { environment: { id: 'production' }, service: { id: 'shop' }, artifactId: A(2) },
  });

const CDEVENTS = [
  change('created', C1, '2026-03-02T08:00:00Z'),
  change('reviewed', C1, '2026-03-02T09:00:00Z'),
  change('merged', C1, '2026-03-02T10:00:00Z'),
  change('created', C2, '2026-03-03T08:00:00Z'),
  change('reviewed', C2, '2026-03-03T08:30:00Z'),
  change('merged', C2, '2026-03-03T09:00:00Z'),
  change('created', C3, '2026-03-04T07:00:00Z'),
  change('reviewed', C3, '2026-03-04T10:00:00Z'),
  change('reviewed', C3, '2026-03-04T09:00:00Z'),
  change('merged', C3, '2026-03-04T11:00:00Z'),
  packaged(A(1), C1),
  packaged(A(2), C2),
  packaged(A(3), C3),
  service('deployed', '2026-03-02T12:00:00Z', A(1)),
  service('deployed', '2026-03-03T12:00:00Z', A(2)),
  incident('detected', '2026-03-03T13:00:00Z'),
  service('rolledback', '2026-03-03T15:00:00Z', A(1)),
  incident('resolved', '2026-03-03T16:00:00Z'),
  service('deployed', '2026-03-04T13:00:00Z', A(3), 'staging'),
  service('upgraded', '2026-03-04T14:00:00Z', A(3)),
  cdevent('build.finished.0.3.0', '2026-03-04T06:00:00Z', { id: 'build-1', content: {} }),
];

const pr = (number: number, opened_at: string, first_review_at: string, merged_at: string) => ({
  number,
  opened_at,
  first_review_at,
  merged_at,
});
const deployment = (id: string, finished_at: string, n: number, commit: string, extra: object = {}) => ({
  id,
  service: 'shop',
  environment: 'production',
  status: 'success',
  finished_at,
  version: A(n),
  commit,
  ...extra,
});
const NATIVE: [string, object][] = [
  [
    '/api/v1/changes',
    [
      {
        repository: 'acme/shop',
        sha: C1,
        committed_at: '2026-03-02T08:00:00Z',
        pull_request: pr(1, '2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z'),
      },
      {
        repository: 'acme/shop',
        sha: C2,
        committed_at: '2026-03-03T08:00:00Z',
        pull_request: pr(2, '2026-03-03T08:00:00Z', '2026-03-03T08:30:00Z', '2026-03-03T09:00:00Z'),
      },
      {
        repository: 'acme/shop',
        sha: C3,
        committed_at: '2026-03-04T07:00:00Z',
        pull_request: pr(3, '2026-03-04T07:00:00Z', '2026-03-04T09:00:00Z', '2026-03-04T11:00:00Z'),
      },
    ],
  ],
  [
    '/api/v1/deployments',
    [
      deployment('d1', '2026-03-02T12:00:00Z', 1, C1),
      deployment('d2', '2026-03-03T12:00:00Z', 2, C2),
      deployment('d3', '2026-03-03T15:00:00Z', 1, C1, { kind: 'rollback' }),
      deployment('d4', '2026-03-04T13:00:00Z', 3, C3, { environment: 'staging' }),
      deployment('d5', '2026-03-04T14:00:00Z', 3, C3),
    ],
  ],
  [
    '/api/v1/incidents',
    [
      {
        id: 'INC-1',
        service: 'shop',
        environment: 'production',
        started_at: '2026-03-03T13:00:00Z',
        resolved_at: '2026-03-03T16:00:00Z',
        version: A(2),
      },
    ],
  ],
];

for (const backend of backends()) {
  describe(`a CDEvents history (${backend.name})`, () => {
    test('in shuffled order, gives the metrics of the equivalent native calls', async () => {
      const viaCdEvents = await backend.create();
      const viaNative = await backend.create();
      const cdServer = await startServer(viaCdEvents.db);
      const nativeServer = await startServer(viaNative.db);
      try {
        for (const event of shuffled(CDEVENTS, 11)) {
          const response = await cdServer.request('POST', '/api/v1/cloudevents', {
            body: JSON.stringify(event),
            headers: { 'content-type': 'application/cloudevents+json' },
          });
          assert.equal(response.status, 200, JSON.stringify(response.body));
        }
        for (const [path, body] of NATIVE) assert.equal((await nativeServer.post(path, body)).status, 202);

        const fromCdEvents = (await cdServer.get(`/api/v1/metrics?${WINDOW}`)).body;
        const fromNative = (await nativeServer.get(`/api/v1/metrics?${WINDOW}`)).body;
        assert.deepEqual(fromCdEvents, fromNative);
        // By hand: production successes d1 d2 d3 d5; lead times c1 4h (08→12), c2 4h, c3 7h
        // (07→14, the staging deployment does not count); the incident names A2's version → d2.
        assert.equal(fromCdEvents.deployment_frequency.count, 4);
        assert.deepEqual([fromCdEvents.lead_time.n, fromCdEvents.lead_time.median_seconds], [3, 14400]);
        assert.equal(fromCdEvents.time_to_restore.median_seconds, 3 * 3600);
        assert.ok(fromCdEvents.change_failure_rate.failed >= 1);
        const stages = fromCdEvents.lead_time.stages;
        assert.ok(stages, 'pull request stages are reported');
      } finally {
        await cdServer.close();
        await nativeServer.close();
        await viaCdEvents.drop();
        await viaNative.drop();
      }
    });
  });
}

/**
 * The commit graph can be completed after deployments were stored (a push webhook arriving late,
 * a backfill). Every report of a commit's parents that changes them must re-walk what it touches.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNativeChanges, parseNativeDeployments } from '../../src/ingest/native.ts';
import { backends } from '../helpers/backends.ts';
import { appServices, raw, WEEK } from '../helpers/services.ts';

for (const backend of backends()) {
  describe(`late commit graph (${backend.name})`, () => {
    test('parents reported later, even after an empty list, extend the deployment they reach', async () => {
      const { db, drop } = await backend.create();
      try {
        const app = appServices(db);
        const changes = (body: unknown) => ({
          raw,
          events: { changes: parseNativeChanges(body), deployments: [], incidents: [], artifacts: [] },
        });
        const leadTime = async () =>
          (await app.report.metrics(WEEK, Date.parse('2026-06-01T00:00:00Z'))).lead_time;
        await app.ingest.ingest(
          changes([
            { repository: 'acme/api', sha: 'c0c0c0c0', committed_at: '2026-03-03T06:00:00Z' },
            { repository: 'acme/api', sha: 'c1c1c1c1', parents: [], committed_at: '2026-03-03T08:00:00Z' },
          ]),
        );
        await app.ingest.ingest({
          raw,
          events: {
            changes: [],
            incidents: [],
            artifacts: [],
            deployments: parseNativeDeployments({
              id: 'd1',
              service: 'api',
              environment: 'production',
              status: 'success',
              finished_at: '2026-03-03T10:00:00Z',
              commit: 'c1c1c1c1',
            }),
          },
        });
        assert.deepEqual([(await leadTime()).n, (await leadTime()).median_seconds], [1, 7200]);

        await app.ingest.ingest(
          changes({
            repository: 'acme/api',
            sha: 'c1c1c1c1',
            parents: ['c0c0c0c0'],
            committed_at: '2026-03-03T08:00:00Z',
          }),
        );
        // c0: 4 h, c1: 2 h.
        assert.deepEqual([(await leadTime()).n, (await leadTime()).median_seconds], [2, 10800]);
      } finally {
        await drop();
      }
    });
  });
}

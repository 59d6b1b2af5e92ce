/**
 * The commit graph can be completed after deployments were stored (a push webhook arriving late,
 * a backfill). Every report of a commit's parents that changes them must re-walk what it touches.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNativeChanges, parseNativeDeployments } from '../../src/ingest/native.ts';
import { createAppServices } from '../../src/service/app.ts';
import { backends } from '../helpers/backends.ts';

const raw = { source: 'test', delivery_id: null, content_type: 'application/json', headers: {}, body: '{}' };
const noAuth = {
  auth: 'off',
  adminToken: undefined,
  adminUsername: undefined,
  adminPassword: undefined,
} as const;
const week = { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-09T00:00:00Z') };

for (const backend of backends()) {
  describe(`late commit graph (${backend.name})`, () => {
    test('parents reported later, even after an empty list, extend the deployment they reach', async () => {
      const { db, drop } = await backend.create();
      try {
        const app = createAppServices(db, noAuth);
        const changes = (body: unknown) => ({
          raw,
          events: { changes: parseNativeChanges(body), deployments: [], incidents: [] },
        });
        const leadTime = async () =>
          (await app.report.metrics(week, Date.parse('2026-06-01T00:00:00Z'))).lead_time;
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

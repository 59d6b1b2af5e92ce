/**
 * Sources report the same thing more than once: an incident when it opens and again when it is
 * resolved, a commit from a push and again from its pull request. A report that adds something is
 * stored and counted as accepted; one that adds nothing is a duplicate.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNativeChanges, parseNativeDeployments, parseNativeIncidents } from '../../src/ingest/native.ts';
import { backends } from '../helpers/backends.ts';
import { appServices, raw } from '../helpers/services.ts';

for (const backend of backends()) {
  describe(`re-posted events (${backend.name})`, () => {
    test('an incident re-posted with its resolution, service included, is updated; the same again is a duplicate', async () => {
      const { db, drop } = await backend.create();
      try {
        const app = appServices(db);
        const post = (body: object) =>
          app.ingest.ingest({
            raw,
            events: { changes: [], deployments: [], incidents: parseNativeIncidents(body), artifacts: [] },
          });
        const opened = { id: 'INC-1', service: 'shop', severity: 'high', started_at: '2026-03-03T10:00:00Z' };
        const resolved = { ...opened, resolved_at: '2026-03-03T11:30:00Z' };
        assert.deepEqual(await post(opened), { accepted: 1, duplicates: 0, stored: true });
        assert.deepEqual(await post(opened), { accepted: 0, duplicates: 1, stored: true });
        assert.deepEqual(await post(resolved), { accepted: 1, duplicates: 0, stored: true });
        assert.deepEqual(await post(resolved), { accepted: 0, duplicates: 1, stored: true });
        const window = { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-09T00:00:00Z') };
        const restore = (await app.report.metrics(window, Date.parse('2026-06-01T00:00:00Z')))
          .time_to_restore;
        assert.deepEqual([restore.n, restore.median_seconds], [1, 5400]);
      } finally {
        await drop();
      }
    });

    test('a commit re-posted with its pull request is updated; its commit time stays the first reported', async () => {
      const { db, drop } = await backend.create();
      try {
        const app = appServices(db);
        const post = (body: object) =>
          app.ingest.ingest({
            raw,
            events: { changes: parseNativeChanges(body), deployments: [], incidents: [], artifacts: [] },
          });
        const commit = { repository: 'acme/shop', sha: 'abcdef12', committed_at: '2026-03-03T08:00:00Z' };
        assert.deepEqual(await post(commit), { accepted: 1, duplicates: 0, stored: true });
        assert.deepEqual(await post(commit), { accepted: 0, duplicates: 1, stored: true });
        const withPr = { ...commit, committed_at: '2026-03-04T08:00:00Z', pull_request: { number: 7 } };
        assert.deepEqual(await post(withPr), { accepted: 1, duplicates: 0, stored: true });
        const rows = await db.query<{ committed_at: Date; pr_number: number }>(
          'select committed_at, pr_number from changes',
        );
        assert.deepEqual(rows, [{ committed_at: new Date('2026-03-03T08:00:00Z'), pr_number: 7 }]);
      } finally {
        await drop();
      }
    });

    test('times of a commit reported after its deployment reach lead time and its stages', async () => {
      const { db, drop } = await backend.create();
      try {
        const app = appServices(db);
        const post = (events: Partial<Parameters<typeof app.ingest.ingest>[0]['events']>) =>
          app.ingest.ingest({
            raw,
            events: { changes: [], deployments: [], incidents: [], artifacts: [], ...events },
          });
        await post({
          deployments: parseNativeDeployments({
            id: 'd1',
            service: 'shop',
            environment: 'production',
            status: 'success',
            finished_at: '2026-03-03T12:00:00Z',
            commit: 'abcdef12',
          }),
        });
        const window = { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-09T00:00:00Z') };
        const leadTime = async () =>
          (await app.report.metrics(window, Date.parse('2026-06-01T00:00:00Z'))).lead_time;
        assert.equal((await leadTime()).n, 0, 'a commit with no known time has no lead time');
        const commit = { repository: 'acme/shop', sha: 'abcdef12', committed_at: '2026-03-03T08:00:00Z' };
        await post({ changes: parseNativeChanges(commit) });
        assert.deepEqual([(await leadTime()).n, (await leadTime()).median_seconds], [1, 4 * 3600]);
        await post({
          changes: parseNativeChanges({
            ...commit,
            pull_request: { number: 7, opened_at: '2026-03-03T09:00:00Z', merged_at: '2026-03-03T11:00:00Z' },
          }),
        });
        const { stages } = await leadTime();
        assert.deepEqual(
          [stages.coding.median_seconds, stages.deploy.median_seconds, stages.review.n],
          [3600, 3600, 0],
        );
      } finally {
        await drop();
      }
    });
  });
}

/**
 * Replay re-runs today's adapters and mappings over the raw log: after a custom mapping changes,
 * the metrics change accordingly; a second replay is a no-op; a request its adapter now refuses is
 * recorded as failed and its rows are kept.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CloudEventsConfig } from '../../src/ingest/cloudevents/router-config.ts';
import { createAppServices } from '../../src/service/app.ts';
import { replay } from '../../src/service/ingest/replay.ts';
import type { Db } from '../../src/store/db.ts';
import { backends } from '../helpers/backends.ts';
import { startServer } from '../helpers/server.ts';

const WINDOW = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';

const mapping = (environment: string): CloudEventsConfig => ({
  routes: [{ type: 'com.acme.deploy.*', transformers: ['acme-deploys'] }],
  mappings: [
    {
      name: 'acme-deploys',
      deployment: {
        service: 'data.app',
        environment,
        status: "data.ok ? 'success' : 'failure'",
        finished_at: 'time',
      },
    },
  ],
});
const BEFORE = mapping("'production'");
/** The fix: app "b" deploys to staging, which the first mapping got wrong. */
const AFTER = mapping("data.app = 'b' ? 'staging' : 'production'");

const event = (id: string, app: string, time: string) => ({
  specversion: '1.0',
  id,
  source: '/acme/ci',
  type: 'com.acme.deploy.finished',
  time,
  data: { app, ok: true },
});

const servicesWith = (db: Db, cloudevents: CloudEventsConfig) =>
  createAppServices(db, {
    auth: 'off',
    adminToken: undefined,
    adminUsername: undefined,
    adminPassword: undefined,
    cloudevents,
  });

for (const backend of backends()) {
  describe(`replay (${backend.name})`, () => {
    test('after a mapping change the metrics follow; a second replay changes nothing', async () => {
      const testDb = await backend.create();
      const server = await startServer(testDb.db, { cloudevents: BEFORE });
      try {
        for (const [id, app, time] of [
          ['1', 'a', '2026-03-02T10:00:00Z'],
          ['2', 'a', '2026-03-03T10:00:00Z'],
          ['3', 'b', '2026-03-04T10:00:00Z'],
        ] as const) {
          const response = await server.request('POST', '/api/v1/cloudevents', {
            body: JSON.stringify(event(id, app, time)),
            headers: { 'content-type': 'application/cloudevents+json' },
          });
          assert.equal(response.body.accepted, 1, JSON.stringify(response.body));
        }
        await server.post('/api/v1/deployments', {
          id: 'native-1',
          service: 'c',
          environment: 'production',
          status: 'success',
          finished_at: '2026-03-05T10:00:00Z',
        });
        const count = async () =>
          (await server.get(`/api/v1/metrics?${WINDOW}`)).body.deployment_frequency.count as number;
        assert.equal(await count(), 4);

        const fixed = servicesWith(testDb.db, AFTER);
        const first = await replay(testDb.db, fixed.parseRaw, { pageSize: 2 });
        assert.deepEqual(
          { seen: first.seen, remapped: first.remapped, unchanged: first.unchanged, failed: first.failed },
          { seen: 4, remapped: 1, unchanged: 3, failed: 0 },
        );
        assert.equal(await count(), 3, 'b now deploys to staging');
        const [moved] = await testDb.db.query<{ environment: string }>(
          `select environment from deployments where service = 'b'`,
        );
        assert.equal(moved?.environment, 'staging');

        const second = await replay(testDb.db, fixed.parseRaw);
        assert.deepEqual(
          { remapped: second.remapped, unchanged: second.unchanged },
          { remapped: 0, unchanged: 4 },
        );
        assert.equal(await count(), 3);
        const forced = await replay(testDb.db, fixed.parseRaw, { force: true });
        assert.deepEqual(
          { remapped: forced.remapped, unchanged: forced.unchanged },
          { remapped: 4, unchanged: 0 },
        );
        assert.equal(await count(), 3, 'forcing re-applies the same rows');

        // Only one source, and back to the first mapping: b returns to production.
        const reverted = await replay(testDb.db, servicesWith(testDb.db, BEFORE).parseRaw, {
          source: 'cloudevents',
        });
        assert.deepEqual({ seen: reverted.seen, remapped: reverted.remapped }, { seen: 3, remapped: 1 });
        assert.equal(await count(), 4);
      } finally {
        await server.close();
        await testDb.drop();
      }
    });

    test('a request its adapter now refuses is counted failed, recorded, and its rows are kept', async () => {
      const testDb = await backend.create();
      const server = await startServer(testDb.db, { cloudevents: BEFORE });
      try {
        await server.request('POST', '/api/v1/cloudevents', {
          body: JSON.stringify(event('9', 'a', '2026-03-02T10:00:00Z')),
          headers: { 'content-type': 'application/cloudevents+json' },
        });
        const strict = mapping("$exists(data.region) ? data.region : $error('no region')");
        const summary = await replay(testDb.db, servicesWith(testDb.db, strict).parseRaw);
        assert.equal(summary.failed, 1);
        assert.equal(Object.keys(summary.errors).length, 1);
        const listed = await server.get('/api/v1/events/raw?status=failed');
        assert.equal(listed.status, 200);
        assert.equal(listed.body.items.length, 1);
        assert.equal(listed.body.items[0].outcome.status, 'failed');
        assert.match(listed.body.items[0].outcome.error.message, /no region/);
        const [row] = await testDb.db.query<{ n: number }>('select count(*)::int as n from deployments');
        assert.equal(row?.n, 1);
      } finally {
        await server.close();
        await testDb.drop();
      }
    });
  });
}

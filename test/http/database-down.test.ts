/**
 * DESIGN.md §1: database down → 503 with Retry-After, and nothing half-written. The database is
 * really closed under a running server (no mock), on each backend.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backends } from '../helpers/backends.ts';
import { startServer } from '../helpers/server.ts';

const deployment = {
  service: 'shop',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-03T10:00:00Z',
};

for (const backend of backends()) {
  describe(`database unavailable (${backend.name})`, () => {
    test('ingest and reads answer 503 with Retry-After; readiness fails; liveness does not', async () => {
      const testDb = await backend.create();
      const server = await startServer(testDb.db, { auth: 'off' });
      try {
        assert.equal((await server.post('/api/v1/deployments', deployment)).status, 202);
        await testDb.db.close();

        const ingest = await server.post('/api/v1/deployments', {
          ...deployment,
          finished_at: '2026-03-04T10:00:00Z',
        });
        assert.equal(ingest.status, 503);
        assert.equal(ingest.body.error.code, 'database_unavailable');
        assert.equal(ingest.headers.get('retry-after'), '5');

        const metrics = await server.get('/api/v1/metrics');
        assert.equal(metrics.status, 503);
        assert.equal(metrics.headers.get('retry-after'), '5');

        const graphql = await server.post('/api/graphql', { query: '{ metrics { level } }' });
        assert.equal(graphql.status, 503, JSON.stringify(graphql.body));
        assert.equal(graphql.headers.get('retry-after'), '5');
        assert.equal(graphql.body.errors[0].extensions.code, 'database_unavailable');

        assert.equal((await server.get('/readyz')).status, 503);
        assert.equal((await server.get('/healthz')).status, 200);
      } finally {
        await server.close();
        await testDb.drop().catch(() => undefined);
      }
    });
  });
}

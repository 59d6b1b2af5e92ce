/**
 * A team, service or application filter naming nothing known answers 200 with the empty numbers
 * and a `warnings` entry naming the filter, on `/api/v1/metrics`, the series and GraphQL; a filter
 * that names something gets no `warnings` key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const WINDOW = 'from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z';

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    let server: TestServer;

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
      const deployment = {
        id: 'd-1',
        service: 'shop',
        team: 'payments',
        application: 'storefront',
        environment: 'production',
        status: 'success',
        finished_at: '2026-03-02T10:00:00Z',
      };
      assert.equal((await server.post('/api/v1/deployments', deployment)).status, 202);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('filters that name known things get no warnings', async () => {
      const response = await server.get(
        `/api/v1/metrics?${WINDOW}&team=payments&service=shop&application=storefront`,
      );
      assert.equal(response.status, 200);
      assert.equal(response.body.warnings, undefined);
      assert.equal(response.body.deployment_frequency.count, 1);
    });

    test('an unknown team is named in the answer, with the empty numbers', async () => {
      const response = await server.get(`/api/v1/metrics?${WINDOW}&team=nosuchteam`);
      assert.equal(response.status, 200);
      assert.equal(response.body.deployment_frequency.count, 0);
      assert.equal(response.body.warnings.length, 1);
      const [warning] = response.body.warnings;
      assert.equal(warning.code, 'unknown_filter');
      assert.equal(warning.field, 'team');
      assert.match(warning.message, /No team is named "nosuchteam"/);
    });

    test('each filter naming nothing is named; a known one beside them is not', async () => {
      const response = await server.get(
        `/api/v1/metrics?${WINDOW}&service=Shop&application=nosuchapp&team=payments`,
      );
      assert.deepEqual(
        response.body.warnings.map((w: { field: string }) => w.field),
        ['service', 'application'],
      );
    });

    test('the series carry the same warning', async () => {
      const response = await server.get(
        `/api/v1/metrics/deployment-frequency/series?${WINDOW}&service=nosuch`,
      );
      assert.equal(response.status, 200);
      assert.deepEqual(
        response.body.warnings.map((w: { code: string; field: string }) => [w.code, w.field]),
        [['unknown_filter', 'service']],
      );
      const known = await server.get(`/api/v1/metrics/lead-time/series?${WINDOW}&service=shop`);
      assert.equal(known.body.warnings, undefined);
    });

    test('GraphQL metrics list the warnings (an empty list when none)', async () => {
      const query = (team: string) =>
        server.post('/api/graphql', {
          query: `{ metrics(from: "2026-03-01T00:00:00Z", to: "2026-03-08T00:00:00Z", team: "${team}") { deployment_frequency { count } warnings { code field message } } }`,
        });
      const unknown = await query('nosuchteam');
      assert.equal(unknown.status, 200);
      assert.deepEqual(
        unknown.body.data.metrics.warnings.map((w: { code: string; field: string }) => [w.code, w.field]),
        [['unknown_filter', 'team']],
      );
      const known = await query('payments');
      assert.deepEqual(known.body.data.metrics, { deployment_frequency: { count: 1 }, warnings: [] });
    });
  });
}

/**
 * What counts as production can change after the fact (catalog or settings); the lead time of
 * already stored changes must follow: it runs to the first production deployment as now defined.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNativeChanges, parseNativeDeployments } from '../../src/ingest/native.ts';
import { backends } from '../helpers/backends.ts';
import { appServices, raw, WEEK } from '../helpers/services.ts';

const now = Date.parse('2026-06-01T00:00:00Z');

for (const backend of backends()) {
  describe(`production redefined (${backend.name})`, () => {
    test('lead time moves to the earlier deployment once its environment counts as production', async () => {
      const { db, drop } = await backend.create();
      try {
        const app = appServices(db);
        const deploy = (id: string, environment: string, finished_at: string) => ({
          id,
          service: 'api',
          environment,
          status: 'success',
          finished_at,
          commit: 'abcd1234',
        });
        await app.ingest.ingest({
          raw,
          events: {
            changes: parseNativeChanges({
              repository: 'acme/api',
              sha: 'abcd1234',
              committed_at: '2026-03-03T08:00:00Z',
            }),
            deployments: parseNativeDeployments([
              deploy('1', 'live', '2026-03-03T10:00:00Z'),
              deploy('2', 'production', '2026-03-03T12:00:00Z'),
            ]),
            incidents: [],
            artifacts: [],
          },
        });
        const leadTime = async (environment?: string) =>
          (await app.report.metrics({ ...WEEK, environment }, now)).lead_time.median_seconds;
        assert.equal(await leadTime(), 4 * 3600);

        await app.catalog.putService('api', { production_environments: ['live', 'production'] });
        assert.equal(await leadTime(), 2 * 3600);
        assert.equal(await leadTime('production'), 4 * 3600);
        assert.equal(await leadTime('live'), 2 * 3600);

        await app.catalog.putService('api', {});
        await app.catalog.putSettings({ production_pattern: '^(prod|live)' });
        assert.equal(await leadTime(), 2 * 3600);
        await app.catalog.putSettings({ production_pattern: '^prod' });
        assert.equal(await leadTime(), 4 * 3600);
      } finally {
        await drop();
      }
    });
  });
}

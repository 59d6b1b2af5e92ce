/**
 * Scale-out is several stateless replicas over one PostgreSQL. Two replicas (two connection pools)
 * storing a deployment and the incident it caused at the same moment must still link them, and
 * two replicas storing the same deployment must store it once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNativeDeployments, parseNativeIncidents } from '../../src/ingest/native.ts';
import { openDb } from '../../src/store/db.ts';
import { backends } from '../helpers/backends.ts';
import { appServices, raw } from '../helpers/services.ts';

const empty = { changes: [], deployments: [], incidents: [], artifacts: [] };

for (const backend of backends().filter((b) => b.name === 'postgres')) {
  describe('two replicas over one PostgreSQL', () => {
    test('a deployment and its incident stored concurrently by different replicas are linked', async () => {
      const testDb = await backend.create();
      const second = await openDb({ url: testDb.url, poolSize: 4 });
      try {
        const [a, b] = [appServices(testDb.db), appServices(second)];
        for (let i = 0; i < 20; i++) {
          const finished = new Date(Date.UTC(2026, 2, 1 + i, 10)).toISOString();
          const started = new Date(Date.UTC(2026, 2, 1 + i, 11)).toISOString();
          const deployment = {
            service: 'shop',
            environment: 'production',
            status: 'success',
            finished_at: finished,
          };
          const incident = { id: `inc-${i}`, service: 'shop', started_at: started };
          const [first, other] = i % 2 === 0 ? [a, b] : [b, a];
          await Promise.all([
            first.ingest.ingest({
              raw,
              events: { ...empty, deployments: parseNativeDeployments(deployment) },
            }),
            other.ingest.ingest({ raw, events: { ...empty, incidents: parseNativeIncidents(incident) } }),
            other.ingest.ingest({
              raw,
              events: { ...empty, deployments: parseNativeDeployments(deployment) },
            }),
          ]);
        }
        const rows = await testDb.db.query<{ n: number; attributed: number; deployments: number }>(
          `select count(*)::int as n, count(deployment_id)::int as attributed,
                  (select count(*)::int from deployments) as deployments from incidents`,
        );
        assert.deepEqual(rows, [{ n: 20, attributed: 20, deployments: 20 }]);
      } finally {
        await second.close();
        await testDb.drop();
      }
    });
  });
}

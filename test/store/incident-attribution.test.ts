/**
 * Attribution by version (DESIGN.md §3.3): the deployment of the incident's version, within its
 * service and environment when it names them: the latest one that finished before the incident
 * started, else the first after. Hand-built rows, one statement (src/store/incident-attribution.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reattributeIncidents } from '../../src/store/incident-attribution.ts';
import { backends, type TestDb } from '../helpers/backends.ts';

const T = Date.parse('2026-03-10T12:00:00Z');
const at = (hours: number) => new Date(T + hours * 3_600_000);

const DEPLOYMENTS: [string, string, string, string, number][] = [
  // external id, service, environment, version, finished (hours from the incidents' start)
  ['api-eu-old', 'api', 'production-eu', '2.0', -3],
  ['api-us', 'api', 'production', '2.0', -1],
  ['api-us-later', 'api', 'production', '2.0', 1],
  ['web', 'web', 'production', '2.0', -0.5],
  ['api-3-first', 'api', 'production', '3.0', 1],
  ['api-3-second', 'api', 'production', '3.0', 2],
];

const INCIDENTS: [string, string | null, string | null, string][] = [
  // external id, service, environment, version
  ['api-any-env', 'api', null, '2.0'],
  ['api-eu', 'api', 'production-eu', '2.0'],
  ['no-service', null, null, '2.0'],
  ['only-after', 'api', null, '3.0'],
  ['unknown-version', 'api', null, '9.9'],
];

for (const backend of backends()) {
  describe(`attribution by version (${backend.name})`, () => {
    let testDb: TestDb;
    before(async () => {
      testDb = await backend.create();
      const { db } = testDb;
      await db.query(`insert into services (name) values ('api'), ('web')`);
      for (const [id, service, environment, version, hours] of DEPLOYMENTS)
        await db.query(
          `insert into deployments (source, external_id, service, environment, status, finished_at, version, is_production)
           values ('test', $1, $2, $3, 'success', $4, $5, true)`,
          [id, service, environment, at(hours), version],
        );
      for (const [id, service, environment, version] of INCIDENTS)
        await db.query(
          `insert into incidents (source, external_id, service, environment, started_at, cause_version)
           values ('test', $1, $2, $3, $4, $5)`,
          [id, service, environment, at(0), version],
        );
    });
    after(() => testDb.drop());

    test('picks the deployment of the version, within the service and environment the incident names', async () => {
      const { db } = testDb;
      const ids = await db.query<{ id: number }>('select id from incidents');
      await reattributeIncidents(db, { incidentIds: ids.map((row) => Number(row.id)) });
      const rows = await db.query<{ incident: string; deployment: string | null; method: string | null }>(
        `select i.external_id as incident, d.external_id as deployment, i.attribution_method as method
           from incidents i left join deployments d on d.id = i.deployment_id order by i.external_id`,
      );
      assert.deepEqual(rows, [
        { incident: 'api-any-env', deployment: 'api-us', method: 'version' },
        { incident: 'api-eu', deployment: 'api-eu-old', method: 'version' },
        { incident: 'no-service', deployment: 'web', method: 'version' },
        { incident: 'only-after', deployment: 'api-3-first', method: 'version' },
        // No deployment of 9.9: the latest of the service before the start, in its window.
        { incident: 'unknown-version', deployment: 'api-us', method: 'time_window' },
      ]);
    });
  });
}

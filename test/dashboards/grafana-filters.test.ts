/**
 * The dashboards' variables filter as the API's parameters do. The arrival-order scenario plus a
 * second production environment, a second service with a team and its own counted severities, an
 * incident naming no service and one naming staging, under the Europe/Berlin time zone; for each
 * selection every stat that has an API counterpart must show the API's number for the same filter.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { SCENARIO, type ScenarioEvent } from '../helpers/scenario.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { metricAt, runDashboard, sameValue, sqlDashboards, WINDOW, type Selection } from './grafana-run.ts';
import { STATS } from './expected-stats.ts';

const event = (path: ScenarioEvent['path'], body: Record<string, unknown>): ScenarioEvent => ({ path, body });
const cart = (id: string, finished_at: string, fields: Record<string, unknown> = {}) =>
  event('/api/v1/deployments', {
    id,
    service: 'cart',
    environment: 'production',
    status: 'success',
    finished_at,
    ...fields,
  });

const MORE: readonly ScenarioEvent[] = [
  event('/api/v1/changes', {
    repository: 'acme/cart',
    sha: 'cafe0001',
    parents: [],
    committed_at: '2026-03-03T00:00:00Z',
  }),
  cart('k1', '2026-03-03T06:00:00Z', {
    commit: 'cafe0001',
    version: 'k1',
    team: 'payments',
    application: 'store',
  }),
  // One UTC day, two Berlin days.
  cart('k2', '2026-03-06T22:30:00Z', { version: 'k2' }),
  cart('k3', '2026-03-06T23:30:00Z', { version: 'k3' }),
  // Cart counts only critical incidents (any case): k-low is left out, k-critical fails k1.
  event('/api/v1/incidents', {
    id: 'k-low',
    service: 'cart',
    severity: 'low',
    started_at: '2026-03-03T07:00:00Z',
    resolved_at: '2026-03-03T08:00:00Z',
  }),
  event('/api/v1/incidents', {
    id: 'k-critical',
    service: 'cart',
    severity: 'Critical',
    started_at: '2026-03-06T07:00:00Z',
    resolved_at: '2026-03-06T07:30:00Z',
  }),
  // A second production environment of shop: its first deployment takes every commit again.
  event('/api/v1/deployments', {
    id: 'eu1',
    service: 'shop',
    environment: 'prod-eu',
    status: 'success',
    finished_at: '2026-03-05T18:00:00Z',
    commit: 'c6c6c6c6',
    version: 'v4',
  }),
  event('/api/v1/incidents', {
    id: 'eu-i1',
    service: 'shop',
    environment: 'prod-eu',
    started_at: '2026-03-06T00:00:00Z',
    resolved_at: '2026-03-06T05:00:00Z',
  }),
  event('/api/v1/incidents', {
    id: 'orphan',
    started_at: '2026-03-07T00:00:00Z',
    resolved_at: '2026-03-07T01:00:00Z',
  }),
  event('/api/v1/incidents', {
    id: 'staging-i',
    service: 'shop',
    environment: 'staging',
    started_at: '2026-03-07T00:00:00Z',
    resolved_at: '2026-03-07T02:00:00Z',
  }),
];

/** API query parameters → the same choice in the dashboards' variables. */
const SELECTIONS: [string, Selection][] = [
  ['', {}],
  ['environment=prod-eu', { environment: ['prod-eu'] }],
  ['environment=production', { environment: ['production'] }],
  ['service=shop', { service: ['shop'] }],
  ['service=shop&environment=prod-eu', { service: ['shop'], environment: ['prod-eu'] }],
  ['team=payments', { team: ['payments'] }],
  ['application=store', { application: ['store'] }],
];

async function load(server: TestServer): Promise<void> {
  const put = async (path: string, json: unknown) =>
    assert.equal((await server.request('PUT', path, { json })).status, 200, path);
  await put('/api/v1/settings', { timezone: 'Europe/Berlin' });
  await put('/api/v1/services/cart', {
    team: 'payments',
    application: 'store',
    settings: { counted_severities: ['critical'] },
  });
  for (const { path, body } of [...SCENARIO, ...MORE]) {
    const response = await server.post(path, body);
    assert.equal(response.status, 202, JSON.stringify(response.body));
  }
}

for (const backend of backends()) {
  describe(`Grafana variables filter like the API (${backend.name})`, () => {
    let testDb: TestDb;
    const api = new Map<string, Record<string, Record<string, unknown>>>();
    before(async () => {
      testDb = await backend.create();
      const server = await startServer(testDb.db);
      try {
        await load(server);
        for (const [query] of SELECTIONS)
          api.set(query, (await server.get(`/api/v1/metrics?${WINDOW}&${query}`)).body);
      } finally {
        await server.close();
      }
    });
    after(() => testDb.drop());

    for (const [query, selection] of SELECTIONS) {
      test(`selected ${query || 'all'}: every stat shows the API's number`, async () => {
        const metrics = api.get(query)!;
        for (const dashboard of sqlDashboards) {
          for (const stat of await runDashboard(testDb.db, dashboard, selection)) {
            const path = STATS[stat.key];
            if (typeof path !== 'string') continue;
            const expected = metricAt(metrics, path);
            assert.ok(
              sameValue(stat.value, expected),
              `${stat.where}: ${stat.value}, the API says ${expected} (${path})`,
            );
          }
        }
      });
    }
  });
}

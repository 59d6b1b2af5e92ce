import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestResponse, type TestServer } from '../helpers/server.ts';

const deployment = (id: string, service: string, finished_at: string, environment = 'production') => ({
  id,
  service,
  environment,
  status: 'success',
  finished_at,
});

function assertError(response: TestResponse, status: number, code: string, field?: string): void {
  assert.equal(response.status, status);
  assert.deepEqual(Object.keys(response.body), ['error']);
  const { message, ...rest } = response.body.error;
  assert.equal(typeof message, 'string');
  assert.deepEqual(rest, field === undefined ? { code } : { code, field });
}

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    let server: TestServer;

    const put = (path: string, json: unknown) => server.request('PUT', path, { json });
    const ingest = async (deployments: unknown[]) => {
      const response = await server.post('/api/v1/deployments', deployments);
      assert.equal(response.status, 202);
      // Counts only: deployments to staging also bring a `warnings` entry each.
      const { accepted, duplicates } = response.body;
      assert.deepEqual({ accepted, duplicates }, { accepted: deployments.length, duplicates: 0 });
    };
    /** deployment_frequency.count for a week in the given month, with extra query parameters. */
    const deploymentCount = async (month: string, query = ''): Promise<number> => {
      const response = await server.get(
        `/api/v1/metrics?from=2026-${month}-01T00:00:00Z&to=2026-${month}-08T00:00:00Z${query}`,
      );
      assert.equal(response.status, 200);
      return response.body.deployment_frequency.count;
    };

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    describe('services', () => {
      test('a service put in the catalog is read back', async () => {
        const body = {
          application: 'shop',
          team: 'payments',
          repositories: ['acme/checkout'],
          production_environments: ['prod-eu', 'prod-us'],
          settings: {
            production_pattern: '^live',
            attribution_window_seconds: 3600,
            counted_severities: ['SEV1', 'sev2'],
          },
        };
        const expected = {
          name: 'checkout',
          application: 'shop',
          team: 'payments',
          repositories: ['acme/checkout'],
          production_environments: ['prod-eu', 'prod-us'],
          settings: {
            production_pattern: '^live',
            attribution_window_seconds: 3600,
            counted_severities: ['sev1', 'sev2'],
          },
        };
        const stored = await put('/api/v1/services/checkout', body);
        assert.equal(stored.status, 200);
        assert.deepEqual(stored.body, expected);
        const read = await server.get('/api/v1/services/checkout');
        assert.equal(read.status, 200);
        assert.deepEqual(read.body, expected);
      });

      test('a second PUT replaces the whole entry', async () => {
        await put('/api/v1/services/replaced', {
          application: 'shop',
          team: 'one',
          repositories: ['acme/replaced'],
        });
        const response = await put('/api/v1/services/replaced', { team: 'two' });
        assert.equal(response.status, 200);
        assert.deepEqual((await server.get('/api/v1/services/replaced')).body, {
          name: 'replaced',
          team: 'two',
          repositories: [],
          production_environments: [],
          settings: {},
        });
      });

      test('services are listed', async () => {
        await put('/api/v1/services/listed', { team: 'listing' });
        const response = await server.get('/api/v1/services');
        assert.equal(response.status, 200);
        assert.deepEqual(Object.keys(response.body), ['services']);
        const names: string[] = response.body.services.map((service: { name: string }) => service.name);
        assert.deepEqual(names, [...names].sort());
        assert.deepEqual(
          response.body.services.find((service: { name: string }) => service.name === 'listed'),
          { name: 'listed', team: 'listing', repositories: [], production_environments: [], settings: {} },
        );
      });

      test('an unknown field is refused naming it', async () => {
        assertError(await put('/api/v1/services/bad', { owner: 'someone' }), 400, 'invalid_payload', 'owner');
      });

      test('an empty repository name is refused naming its index', async () => {
        const response = await put('/api/v1/services/bad', { repositories: ['acme/ok', ''] });
        assertError(response, 400, 'invalid_payload', 'repositories[1]');
      });

      test('an unknown per-service setting is refused naming it', async () => {
        const response = await put('/api/v1/services/bad', { settings: { timezone: 'UTC' } });
        assertError(response, 400, 'invalid_payload', 'settings.timezone');
      });

      test('an invalid production_pattern is refused and nothing is stored', async () => {
        const response = await put('/api/v1/services/bad-regex', {
          settings: { production_pattern: '(prod' },
        });
        assertError(response, 400, 'invalid_payload', 'settings.production_pattern');
        assertError(await server.get('/api/v1/services/bad-regex'), 404, 'not_found');
      });

      test('a production_pattern PostgreSQL cannot compile is refused naming it', async () => {
        // Valid in JavaScript, not in PostgreSQL's regex dialect, which is the one that evaluates it.
        const response = await put('/api/v1/services/named-group', {
          settings: { production_pattern: '(?<env>prod)' },
        });
        try {
          assertError(response, 400, 'invalid_payload', 'settings.production_pattern');
        } finally {
          await put('/api/v1/services/named-group', {});
        }
      });

      test('an unknown service is 404', async () => {
        assertError(await server.get('/api/v1/services/nowhere'), 404, 'not_found');
      });

      test('a deployment names the team of a service the catalog does not know yet', async () => {
        await ingest([
          { ...deployment('seen-1', 'seen', '2026-06-02T10:00:00Z'), team: 'gamma', application: 'radar' },
        ]);
        assert.deepEqual((await server.get('/api/v1/services/seen')).body, {
          name: 'seen',
          application: 'radar',
          team: 'gamma',
          repositories: [],
          production_environments: [],
          settings: {},
        });
        await put('/api/v1/services/seen', { team: 'delta' });
        await ingest([{ ...deployment('seen-2', 'seen', '2026-06-02T11:00:00Z'), team: 'gamma' }]);
        assert.equal((await server.get('/api/v1/services/seen')).body.team, 'delta');
      });
    });

    describe('metrics by team and application', () => {
      before(async () => {
        await ingest([
          deployment('a-1', 'alpha-api', '2026-04-01T10:00:00Z'),
          deployment('a-2', 'alpha-api', '2026-04-02T10:00:00Z'),
          deployment('a-3', 'alpha-api', '2026-04-03T10:00:00Z'),
          deployment('b-1', 'beta-api', '2026-04-01T12:00:00Z'),
          deployment('b-2', 'beta-api', '2026-04-04T12:00:00Z'),
        ]);
        assert.equal(
          (await put('/api/v1/services/alpha-api', { team: 'alpha', application: 'shop' })).status,
          200,
        );
        assert.equal(
          (await put('/api/v1/services/beta-api', { team: 'beta', application: 'blog' })).status,
          200,
        );
      });

      const cases: [string, string, number][] = [
        ['no filter', '', 5],
        ['team alpha', '&team=alpha', 3],
        ['team beta', '&team=beta', 2],
        ['application shop', '&application=shop', 3],
        ['application blog', '&application=blog', 2],
        ['team alpha in application blog', '&team=alpha&application=blog', 0],
        ['an unknown team', '&team=nobody', 0],
        ['service beta-api', '&service=beta-api', 2],
      ];
      for (const [what, query, expected] of cases) {
        test(`${what} counts ${expected} deployments`, async () => {
          assert.equal(await deploymentCount('04', query), expected);
        });
      }
    });

    describe('production environments', () => {
      test('naming production environments reclassifies stored deployments', async () => {
        await ingest([
          deployment('live-1', 'live-svc', '2026-05-02T10:00:00Z', 'live'),
          deployment('live-2', 'live-svc', '2026-05-03T10:00:00Z', 'production'),
        ]);
        assert.equal(await deploymentCount('05', '&service=live-svc&environment=live'), 0);
        assert.equal(await deploymentCount('05', '&service=live-svc&environment=production'), 1);

        const response = await put('/api/v1/services/live-svc', { production_environments: ['live'] });
        assert.equal(response.status, 200);
        assert.equal(await deploymentCount('05', '&service=live-svc&environment=live'), 1);
        assert.equal(await deploymentCount('05', '&service=live-svc&environment=production'), 0);
      });

      test('a deployment arriving after the catalog change is classified by it', async () => {
        await ingest([deployment('live-3', 'live-svc', '2026-05-04T10:00:00Z', 'live')]);
        assert.equal(await deploymentCount('05', '&service=live-svc'), 2);
      });

      test('a per-service production_pattern replaces the default', async () => {
        await ingest([
          deployment('pat-1', 'pattern-svc', '2026-05-02T10:00:00Z', 'main'),
          deployment('pat-2', 'pattern-svc', '2026-05-03T10:00:00Z', 'production'),
        ]);
        assert.equal(await deploymentCount('05', '&service=pattern-svc'), 1);
        await put('/api/v1/services/pattern-svc', { settings: { production_pattern: '^main$' } });
        assert.equal(await deploymentCount('05', '&service=pattern-svc&environment=main'), 1);
        assert.equal(await deploymentCount('05', '&service=pattern-svc&environment=production'), 0);
      });
    });

    describe('projects', () => {
      test('projects group services by application', async () => {
        await put('/api/v1/services/shop-web', { application: 'storefront', team: 'web' });
        await put('/api/v1/services/shop-api', { application: 'storefront', team: 'api' });
        await put('/api/v1/services/shop-cron', { application: 'storefront', team: 'api' });
        await put('/api/v1/services/lonely', {});
        const response = await server.get('/api/projects');
        assert.equal(response.status, 200);
        assert.equal(response.body.count, response.body.projects.length);
        const byName = (name: string) =>
          response.body.projects.find((project: { name: string }) => project.name === name);
        assert.deepEqual(byName('storefront'), {
          name: 'storefront',
          services: ['shop-api', 'shop-cron', 'shop-web'],
          teams: ['api', 'web'],
        });
        assert.deepEqual(byName('lonely'), { name: 'lonely', services: ['lonely'], teams: [] });
        assert.equal(byName('shop-web'), undefined);
      });
    });

    describe('settings', () => {
      test('the default settings are returned', async () => {
        const response = await server.get('/api/v1/settings');
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, {
          production_pattern: '^prod',
          attribution_window_seconds: 604800,
          counted_severities: [],
          window_days: { deployment_frequency: 30, change_failure_rate: 30, other: 30 },
          timezone: 'UTC',
        });
      });

      test('an unknown time zone is refused naming it', async () => {
        assertError(
          await put('/api/v1/settings', { timezone: 'Mars/Olympus' }),
          400,
          'invalid_payload',
          'timezone',
        );
      });

      test('an invalid global production_pattern is refused naming it', async () => {
        const response = await put('/api/v1/settings', { production_pattern: '[prod' });
        assertError(response, 400, 'invalid_payload', 'production_pattern');
      });

      test('a time zone put in the settings is used by the metrics', async () => {
        const response = await put('/api/v1/settings', { timezone: 'Europe/Berlin' });
        assert.equal(response.status, 200);
        const expected = {
          production_pattern: '^prod',
          attribution_window_seconds: 604800,
          counted_severities: [],
          window_days: { deployment_frequency: 30, change_failure_rate: 30, other: 30 },
          timezone: 'Europe/Berlin',
        };
        assert.deepEqual(response.body, expected);
        assert.deepEqual((await server.get('/api/v1/settings')).body, expected);
        const metrics = await server.get('/api/v1/metrics?from=2026-04-01T00:00:00Z&to=2026-04-08T00:00:00Z');
        assert.equal(metrics.body.timezone, 'Europe/Berlin');
      });

      test('settings are merged, not replaced', async () => {
        const response = await put('/api/v1/settings', { window_days: { deployment_frequency: 14 } });
        assert.equal(response.status, 200);
        assert.deepEqual(response.body.window_days, {
          deployment_frequency: 14,
          change_failure_rate: 30,
          other: 30,
        });
        assert.equal(response.body.timezone, 'Europe/Berlin');
      });

      test('a global production_pattern reclassifies stored deployments', async () => {
        await ingest([deployment('stage-1', 'staged', '2026-07-02T10:00:00Z', 'staging')]);
        assert.equal(await deploymentCount('07', '&service=staged'), 0);
        const response = await put('/api/v1/settings', { production_pattern: '^(prod|staging)' });
        assert.equal(response.status, 200);
        assert.equal(await deploymentCount('07', '&service=staged'), 1);
      });
    });
  });
}

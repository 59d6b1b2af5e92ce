/**
 * The 30-day window gauges of `GET /metrics` for several services, each deployed to two production
 * environments (the same commits reach the second one later) and to staging: every gauge of every
 * label set equals `GET /api/v1/metrics` with that service and environment as filters, and a label
 * set is left without a median exactly where the API answers null.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { scrape } from '../helpers/exposition.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SERVICES = ['billing', 'search', 'catalog'];
/** Both match the default production pattern; staging does not. */
const PRODUCTION = ['production', 'prod-eu'];

/** The window gauges and the field of `/api/v1/metrics` each one carries. */
const GAUGES: Record<string, (api: ApiMetrics) => number | null> = {
  dora_deployments: (api) => api.deployment_frequency.count,
  dora_lead_time_median_seconds: (api) => api.lead_time.median_seconds,
  dora_mttr_median_seconds: (api) => api.time_to_restore.median_seconds,
  dora_failed_deployment_recovery_median_seconds: (api) => api.failed_deployment_recovery_time.median_seconds,
};

interface ApiMetrics {
  deployment_frequency: { count: number };
  lead_time: { median_seconds: number | null };
  time_to_restore: { median_seconds: number | null };
  failed_deployment_recovery_time: { median_seconds: number | null };
}

interface Event {
  path: string;
  body: Record<string, unknown>;
}

/** A fixed pseudo-random sequence in [0, 1), so a failure is reproducible. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * 45 days per service: a commit or two a day, shipped to production hours later and to prod-eu a
 * day after that (its own lead times), sometimes failing, sometimes rolled back, with incidents
 * naming production, prod-eu, staging or no environment. Nothing lies within hours of the 30-day
 * edge, so the scrape and the API calls after it see the same window.
 */
function history(now: number): Event[] {
  const next = random(11);
  const at = (instant: number) => new Date(instant).toISOString();
  const events: Event[] = [];
  SERVICES.forEach((service, s) => {
    const repository = `acme/${service}`;
    let parent: string | undefined;
    for (let day = 45; day >= 2; day--) {
      if (day === 30 || next() < 0.15) continue;
      const base = now - day * DAY + 3 * HOUR;
      const sha = `${s}${String(day).padStart(3, '0')}`.padEnd(8, 'a');
      const committed = base - Math.floor(next() * 40) * HOUR - Math.floor(next() * 3600) * 1000;
      events.push({
        path: '/api/v1/changes',
        body: { repository, sha, parents: parent ? [parent] : [], committed_at: at(committed) },
      });
      const previous = parent;
      parent = sha;
      const deploy = (environment: string, finished: number, fields: Record<string, unknown> = {}) => {
        const id = `${service}-${environment}-${day}`;
        const body = { id, service, environment, repository, commit: sha, version: `v${day}` };
        events.push({
          path: '/api/v1/deployments',
          body: { ...body, status: 'success', finished_at: at(finished), ...fields },
        });
        return id;
      };
      const failedFirst = next() < 0.2;
      if (failedFirst)
        deploy('production', base - HOUR, { id: `${service}-failed-${day}`, status: 'failure' });
      const production = deploy('production', base + Math.floor(next() * 5) * HOUR);
      deploy('staging', base - 2 * HOUR);
      const europe = deploy('prod-eu', base + DAY - Math.floor(next() * 6) * HOUR);
      const roll = next();
      if (roll < 0.3) {
        const environment = [undefined, 'production', 'prod-eu', 'staging'][Math.floor(next() * 4)];
        const deployment = environment === 'prod-eu' ? europe : production;
        const started = base + 6 * HOUR;
        events.push({
          path: '/api/v1/incidents',
          body: {
            id: `${service}-incident-${day}`,
            service,
            ...(environment ? { environment } : {}),
            started_at: at(started),
            resolved_at: at(started + Math.floor(1 + next() * 30) * 1800_000),
            ...(next() < 0.7 ? { deployment } : {}),
          },
        });
      } else if (roll < 0.4 && previous !== undefined) {
        // The previous commit again a few hours later: a rollback remediating this deployment.
        const rollback = { id: `${service}-rollback-${day}`, commit: previous, version: `v${day + 1}` };
        deploy('production', base + 8 * HOUR, rollback);
      }
    }
  });
  return events;
}

for (const backend of backends()) {
  describe(`window gauges of GET /metrics, several services and environments (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, { auth: 'off' });
      for (const event of history(Date.now())) {
        const response = await server.post(event.path, event.body);
        assert.equal(response.status, 202, JSON.stringify(response.body));
      }
    });
    after(async () => {
      await server?.close();
      await testDb?.drop();
    });

    test('every gauge of every label set equals /api/v1/metrics for the last 30 days', async () => {
      const { status, text } = await scrape(server);
      assert.equal(status, 200);
      const now = Date.now();
      const window = { from: new Date(now - 30 * DAY).toISOString(), to: new Date(now).toISOString() };
      const labelSets = [
        ...text.matchAll(/^dora_deployments\{window="30d",service="([^"]*)",environment="([^"]*)",/gm),
      ];
      assert.deepEqual(
        labelSets.map(([, service, environment]) => `${service}/${environment}`).sort(),
        SERVICES.flatMap((service) => PRODUCTION.map((environment) => `${service}/${environment}`)).sort(),
      );
      const compared: Record<string, number> = {};
      for (const [, service, environment] of labelSets) {
        const query = new URLSearchParams({ service: service!, environment: environment!, ...window });
        const response = await server.get(`/api/v1/metrics?${query}`);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        for (const [name, field] of Object.entries(GAUGES)) {
          const line = new RegExp(
            `^${name}\\{window="30d",service="${service}",environment="${environment}",[^}]*\\} (\\S+)$`,
            'm',
          );
          const sample = line.exec(text)?.[1];
          const api = field(response.body as ApiMetrics);
          assert.equal(
            sample === undefined ? null : Number(sample),
            api,
            `${name} ${service}/${environment}`,
          );
          if (api !== null) compared[name] = (compared[name] ?? 0) + 1;
        }
      }
      // Every gauge was compared with a value for several label sets, not only as "no sample".
      for (const name of Object.keys(GAUGES))
        assert.ok((compared[name] ?? 0) >= 3, `${name}: ${compared[name]}`);
    });

    test('a change reaching prod-eu a day after production has a lead time a day longer there', async () => {
      const { text } = await scrape(server);
      for (const service of SERVICES) {
        const median = (environment: string) =>
          Number(
            new RegExp(
              `^dora_lead_time_median_seconds\\{window="30d",service="${service}",environment="${environment}",[^}]*\\} (\\S+)$`,
              'm',
            ).exec(text)?.[1],
          );
        assert.ok(median('prod-eu') > median('production') + 12 * 3600, service);
      }
    });
  });
}

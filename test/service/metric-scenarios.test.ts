/**
 * The metric definitions of DESIGN.md §3, end to end: events go through the real ingest path and
 * database, metrics come out of the report service. Each case is small enough to compute by hand;
 * the expectations are literals, and only the fields a case is about are compared.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNativeChanges, parseNativeDeployments, parseNativeIncidents } from '../../src/ingest/native.ts';
import { createAppServices } from '../../src/service/app.ts';
import { backends } from '../helpers/backends.ts';

type Json = Record<string, unknown>;
interface Case {
  name: string;
  settings?: Json;
  services?: Record<string, Json>;
  changes?: Json[];
  deployments?: Json[];
  incidents?: Json[];
  query?: Json;
  expect: Record<string, Json | string | null>;
}

const MARCH = { from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' };
const c = (sha: string, committed_at: string, parents: string[] = []) => ({
  repository: 'acme/api',
  sha,
  committed_at,
  parents,
});
const d = (id: string, finished_at: string, fields: Json = {}) => ({
  id,
  service: 'api',
  environment: 'production',
  status: 'success',
  finished_at,
  ...fields,
});
const NULL_LEAD = {
  n: 0,
  median_seconds: null,
  p75_seconds: null,
  p90_seconds: null,
  mean_seconds: null,
  level: null,
};

const CASES: Case[] = [
  {
    name: 'no data: counts are zero, every value and level is null',
    expect: {
      deployment_frequency: { count: 0, deploy_days: 0, per_day: null, per_week: null, level: null },
      lead_time: NULL_LEAD,
      change_failure_rate: { total: 0, failed: 0, rate: null, failed_attempts: 0, level: null },
      time_to_restore: { n: 0, median_seconds: null, level: null },
      failed_deployment_recovery_time: { n: 0, median_seconds: null, level: null },
      rework_rate: { total: 0, rework: 0, rate: null },
      level: null,
    },
  },
  {
    name: 'one deployment of one change',
    changes: [c('aa01', '2026-03-03T08:00:00Z')],
    deployments: [d('1', '2026-03-03T10:30:00Z', { commit: 'aa01' })],
    expect: {
      deployment_frequency: { count: 1, deploy_days: 1, per_day: 1 / 7, per_week: 1 },
      lead_time: { n: 1, median_seconds: 9000, p90_seconds: 9000, mean_seconds: 9000, level: 'elite' },
      change_failure_rate: { total: 1, failed: 0, rate: 0, level: 'elite' },
      rework_rate: { total: 1, rework: 0, rate: 0 },
    },
  },
  {
    name: 'duplicates are stored once',
    changes: [c('aa01', '2026-03-03T08:00:00Z'), c('aa01', '2026-03-03T08:00:00Z')],
    deployments: [
      d('1', '2026-03-03T10:00:00Z', { commit: 'aa01' }),
      d('1', '2026-03-03T10:00:00Z', { commit: 'aa01' }),
    ],
    expect: { deployment_frequency: { count: 1 }, lead_time: { n: 1, median_seconds: 7200 } },
  },
  {
    name: 'a failed attempt followed by a success: the attempt is outside the rate, lead time runs to the success',
    changes: [c('aa01', '2026-03-03T08:00:00Z')],
    deployments: [
      d('1', '2026-03-03T09:00:00Z', { commit: 'aa01', status: 'failure' }),
      d('2', '2026-03-03T11:00:00Z', { commit: 'aa01' }),
    ],
    expect: {
      deployment_frequency: { count: 1 },
      change_failure_rate: { total: 1, failed: 0, rate: 0, failed_attempts: 1 },
      lead_time: { n: 1, median_seconds: 10800 },
    },
  },
  {
    name: 'a rollback then a redeploy of the rolled-back commits: lead time keeps the first deployment',
    changes: [c('aa01', '2026-03-02T08:00:00Z'), c('bb02', '2026-03-03T08:00:00Z', ['aa01'])],
    deployments: [
      d('1', '2026-03-02T09:00:00Z', { commit: 'aa01', version: '1.0' }),
      d('2', '2026-03-03T09:00:00Z', { commit: 'bb02', version: '1.1' }),
      d('3', '2026-03-03T10:00:00Z', { commit: 'aa01', version: '1.0' }),
      d('4', '2026-03-05T09:00:00Z', { commit: 'bb02', version: '1.1' }),
    ],
    expect: {
      // aa01: 1h, bb02: 1h (to deployment 2, not the redeploy 4).
      lead_time: { n: 2, median_seconds: 3600, mean_seconds: 3600 },
      // DESIGN §3.5: a version deployed before makes an inferred rollback, so 3 (back to 1.0) and 4
      // (1.1 again) both are; 2 was remediated by 3 after 1 h, 3 by 4 after 47 h.
      change_failure_rate: { total: 4, failed: 2, rate: 0.5 },
      failed_deployment_recovery_time: { n: 2, median_seconds: 86400 },
      rework_rate: { total: 4, rework: 2, rate: 0.5 },
    },
  },
  {
    name: 'staging deployments count for nothing; lead time runs to production',
    changes: [c('aa01', '2026-03-03T08:00:00Z')],
    deployments: [
      d('1', '2026-03-03T09:00:00Z', { commit: 'aa01', environment: 'staging' }),
      d('2', '2026-03-04T08:00:00Z', { commit: 'aa01', environment: 'Production-EU' }),
    ],
    expect: {
      deployment_frequency: { count: 1, deploy_days: 1 },
      lead_time: { n: 1, median_seconds: 86400 },
    },
  },
  {
    name: 'window edges: from is inclusive, to is exclusive',
    deployments: [
      d('1', '2026-03-01T23:59:59Z'),
      d('2', '2026-03-02T00:00:00Z'),
      d('3', '2026-03-08T23:59:59.999Z'),
      d('4', '2026-03-09T00:00:00Z'),
    ],
    expect: { deployment_frequency: { count: 2, deploy_days: 2 } },
  },
  {
    name: 'a DST week in Europe/Berlin: deploy days are local days',
    settings: { timezone: 'Europe/Berlin' },
    // 2026-03-29 has 23 hours in Berlin. 00:30+01:00 and 23:30+02:00 are the same local day, 22 h apart;
    // 2026-03-28T23:30Z is already the 29th in Berlin; 2026-03-29T22:30Z is the 30th.
    deployments: [
      d('1', '2026-03-29T00:30:00+01:00'),
      d('2', '2026-03-29T23:30:00+02:00'),
      d('3', '2026-03-28T23:30:00Z'),
      d('4', '2026-03-29T22:30:00Z'),
    ],
    query: { from: '2026-03-23T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00' },
    expect: { deployment_frequency: { count: 3, deploy_days: 1 }, timezone: 'Europe/Berlin' },
  },
  {
    name: 'clock skew: negative spans are excluded and counted',
    changes: [c('aa01', '2026-03-03T12:00:00Z'), c('bb02', '2026-03-03T08:00:00Z', ['aa01'])],
    deployments: [d('1', '2026-03-03T10:00:00Z', { commit: 'bb02' })],
    incidents: [
      { id: 'i', service: 'api', started_at: '2026-03-04T10:00:00Z', resolved_at: '2026-03-04T09:00:00Z' },
    ],
    expect: {
      lead_time: { n: 1, excluded: 1, median_seconds: 7200 },
      time_to_restore: { n: 0, excluded: 1, median_seconds: null },
    },
  },
  {
    name: 'explicit commits[] decide what a deployment contains',
    changes: [c('aa01', '2026-03-03T08:00:00Z'), c('bb02', '2026-03-03T09:00:00Z', ['aa01'])],
    deployments: [d('1', '2026-03-03T10:00:00Z', { commit: 'bb02', commits: ['bb02'] })],
    expect: { lead_time: { n: 1, median_seconds: 3600 } },
  },
  {
    name: 'incidents are attributed by version and by commit, and only counted severities count',
    settings: { counted_severities: ['critical'] },
    changes: [c('aa01', '2026-03-02T08:00:00Z'), c('bb02', '2026-03-03T08:00:00Z', ['aa01'])],
    deployments: [
      d('1', '2026-03-02T09:00:00Z', { commit: 'aa01', version: '1.0' }),
      d('2', '2026-03-03T09:00:00Z', { commit: 'bb02', version: '1.1' }),
      d('3', '2026-03-04T09:00:00Z', { version: '1.2' }),
    ],
    incidents: [
      {
        id: 'x',
        started_at: '2026-03-05T09:00:00Z',
        resolved_at: '2026-03-05T10:00:00Z',
        commit: 'aa01',
        severity: 'CRITICAL',
      },
      {
        id: 'y',
        started_at: '2026-03-05T09:00:00Z',
        resolved_at: '2026-03-05T11:00:00Z',
        version: '1.1',
        severity: 'critical',
      },
      {
        id: 'z',
        service: 'api',
        started_at: '2026-03-04T10:00:00Z',
        resolved_at: '2026-03-04T12:00:00Z',
        severity: 'minor',
      },
    ],
    expect: {
      change_failure_rate: { total: 3, failed: 2, rate: 2 / 3 },
      time_to_restore: { n: 2, median_seconds: 5400 },
    },
  },
  {
    name: 'the attribution window is 7 days unless the service says otherwise',
    services: { api: { settings: { attribution_window_seconds: 10 * 86400 } }, web: {} },
    deployments: [d('1', '2026-02-25T09:00:00Z'), d('2', '2026-02-25T09:00:00Z', { service: 'web' })],
    incidents: [
      { id: 'a', service: 'api', started_at: '2026-03-05T09:00:00Z', resolved_at: '2026-03-05T10:00:00Z' },
      { id: 'w', service: 'web', started_at: '2026-03-05T09:00:00Z', resolved_at: '2026-03-05T10:00:00Z' },
    ],
    query: { from: '2026-02-23T00:00:00Z', to: '2026-03-09T00:00:00Z' },
    expect: { change_failure_rate: { total: 2, failed: 1, rate: 0.5 } },
  },
  {
    name: 'elite deployment frequency: a deploy on five days of every week',
    deployments: ['02', '03', '04', '05', '06'].map((day) => d(day, `2026-03-${day}T12:00:00Z`)),
    expect: { deployment_frequency: { count: 5, deploy_days: 5, level: 'elite' } },
  },
];

for (const backend of backends()) {
  describe(`metric scenarios (${backend.name})`, () => {
    for (const scenario of CASES) {
      test(scenario.name, async () => {
        const { db, drop } = await backend.create();
        try {
          const services = createAppServices(db, {
            auth: 'off',
            adminToken: undefined,
            adminUsername: undefined,
            adminPassword: undefined,
          });
          if (scenario.settings) await services.catalog.putSettings(scenario.settings);
          for (const [name, body] of Object.entries(scenario.services ?? {}))
            await services.catalog.putService(name, body);
          const raw = {
            source: 'test',
            delivery_id: null,
            content_type: 'application/json',
            headers: {},
            body: '{}',
          };
          await services.ingest.ingest({
            raw,
            events: {
              changes: parseNativeChanges(scenario.changes ?? []),
              deployments: parseNativeDeployments(scenario.deployments ?? []),
              incidents: parseNativeIncidents(scenario.incidents ?? []),
              artifacts: [],
            },
          });
          const query = { ...MARCH, ...scenario.query };
          const metrics: Json = await services.report.metrics(
            { from: new Date(query.from as string), to: new Date(query.to as string) },
            Date.parse('2026-06-01T00:00:00Z'),
          );
          for (const [metric, expected] of Object.entries(scenario.expect)) {
            if (expected === null || typeof expected === 'string') {
              assert.equal(metrics[metric], expected, metric);
              continue;
            }
            for (const [field, value] of Object.entries(expected)) {
              assert.deepEqual((metrics[metric] as Json)[field], value, `${metric}.${field}`);
            }
          }
        } finally {
          await drop();
        }
      });
    }
  });
}

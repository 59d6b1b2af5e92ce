/** `fivekeys doctor`'s verdicts, from hand-written facts: what passes, fails or warns, and the fix. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ago } from '../../src/service/doctor/doctor-check.ts';
import { evaluateDoctor, type Check } from '../../src/service/doctor/doctor-checks.ts';
import type { DoctorFacts, WebhookSourceStatus } from '../../src/service/doctor/doctor-facts.ts';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

const KNOWN = [
  { version: 1, name: 'core' },
  { version: 2, name: 'dora_benchmarks' },
  { version: 3, name: 'cloudevents' },
];

const webhook = (source: string, changes: Partial<WebhookSourceStatus> = {}): WebhookSourceStatus => ({
  source,
  authentication: 'token',
  accepting: true,
  deliveries: { count: 0, ignored: 0, last_at: null },
  rejections: [],
  ...changes,
});

/** A healthy local installation: every check passes. */
const HEALTHY: DoctorFacts = {
  mode: 'local',
  target: 'postgres://fivekeys@db:5432/fivekeys',
  baseUrl: 'http://localhost:8080',
  database: { ok: true, value: { kind: 'postgres' } },
  migrations: { ok: true, value: { applied: [1, 2, 3], known: KNOWN } },
  webhooks: {
    ok: true,
    value: [
      webhook('github', {
        authentication: 'github_signature',
        deliveries: { count: 42, ignored: 5, last_at: iso(NOW - 2 * HOUR) },
      }),
      webhook('alertmanager'),
    ],
  },
  otherSources: { ok: true, value: [{ source: 'api', last_at: iso(NOW - 90_000) }] },
  failedRequests: { ok: true, value: [] },
  recentDeployment: {
    ok: true,
    value: { service: 'shop', environment: 'production', finished_at: iso(NOW - 3 * DAY) },
  },
  productionDeployment: {
    ok: true,
    value: { service: 'shop', environment: 'production', finished_at: iso(NOW - 3 * DAY) },
  },
};

const lines = (checks: Check[]) =>
  checks.map((check) => `${{ ok: '✓', fail: '✗', warn: '!' }[check.status]} ${check.name}: ${check.message}`);
const named = (checks: Check[], name: string) => checks.filter((check) => check.name === name);

test('a healthy installation passes every check', () => {
  assert.deepEqual(lines(evaluateDoctor(HEALTHY, NOW)), [
    '✓ database: PostgreSQL reachable (postgres://fivekeys@db:5432/fivekeys)',
    '✓ migrations: 3 of 3 applied (latest 0003_cloudevents)',
    '✓ source github: 42 deliveries (5 ignored), last 2 hours ago (2026-03-10T10:00:00Z)',
    '✓ source api: last request 1 minute ago (2026-03-10T11:58:30Z)',
    '✓ deployments: latest in the last 30 days: shop to production 3 days ago (2026-03-07T12:00:00Z)',
    '✓ production: latest production deployment: shop to production 3 days ago (2026-03-07T12:00:00Z)',
  ]);
});

test('an unreachable database is the only check, with where to look', () => {
  const checks = evaluateDoctor(
    { ...HEALTHY, database: { ok: false, error: 'connect ECONNREFUSED 10.0.0.5:5432' } },
    NOW,
  );
  assert.deepEqual(checks, [
    {
      name: 'database',
      status: 'fail',
      message: 'cannot open postgres://fivekeys@db:5432/fivekeys: connect ECONNREFUSED 10.0.0.5:5432',
      fix: 'check DATABASE_URL (host, port, user, database name) and that PostgreSQL accepts connections',
    },
  ]);
});

test('missing migrations fail, naming them, and stop the data checks', () => {
  const partial = evaluateDoctor(
    { ...HEALTHY, migrations: { ok: true, value: { applied: [1], known: KNOWN } } },
    NOW,
  );
  assert.deepEqual(lines(partial).slice(1), [
    '✗ migrations: 1 of 3 applied; missing 0002_dora_benchmarks, 0003_cloudevents',
  ]);
  assert.match(partial[1]!.fix!, /^run fivekeys migrate/);
  const none = evaluateDoctor(
    { ...HEALTHY, migrations: { ok: true, value: { applied: [], known: KNOWN } } },
    NOW,
  );
  assert.equal(lines(none)[1], '✗ migrations: none applied: the database is empty');
});

test('a migration this fivekeys does not know is a warning to upgrade', () => {
  const checks = named(
    evaluateDoctor(
      { ...HEALTHY, migrations: { ok: true, value: { applied: [1, 2, 3, 4], known: KNOWN } } },
      NOW,
    ),
    'migrations',
  );
  assert.deepEqual(
    checks.map((check) => check.status),
    ['ok', 'warn'],
  );
  assert.match(checks[1]!.message, /0004, unknown to this fivekeys/);
});

test('a refusal newer than the last accepted delivery fails the source with its reason and fix', () => {
  const facts: DoctorFacts = {
    ...HEALTHY,
    webhooks: {
      ok: true,
      value: [
        webhook('github', {
          authentication: 'github_signature',
          deliveries: { count: 42, ignored: 0, last_at: iso(NOW - 2 * DAY) },
          rejections: [
            {
              reason: 'bad_signature',
              count: 3,
              last_at: iso(NOW - HOUR),
              last_message:
                'X-Hub-Signature-256 is missing or does not match the body for any configured secret.',
            },
          ],
        }),
      ],
    },
  };
  const [refused, delivered] = named(evaluateDoctor(facts, NOW), 'source github');
  assert.deepEqual(refused, {
    name: 'source github',
    status: 'fail',
    message:
      '3 deliveries refused since the last accepted one: bad_signature ×3; last 1 hour ago (2026-03-10T11:00:00Z): X-Hub-Signature-256 is missing or does not match the body for any configured secret.',
    fix: "the secret configured in the sending tool must equal fivekeys's (FIVEKEYS_<SOURCE>_WEBHOOK_SECRET or webhooks.<source>.secrets); while rotating, list both",
  });
  assert.equal(delivered!.status, 'ok');
});

test('a refusal older than the last accepted delivery was fixed: noted, not failed', () => {
  const facts: DoctorFacts = {
    ...HEALTHY,
    webhooks: {
      ok: true,
      value: [
        webhook('alertmanager', {
          deliveries: { count: 4, ignored: 0, last_at: iso(NOW - HOUR) },
          rejections: [
            {
              reason: 'unauthorized',
              count: 2,
              last_at: iso(NOW - DAY),
              last_message: 'A token is required.',
            },
          ],
        }),
      ],
    },
  };
  assert.deepEqual(lines(named(evaluateDoctor(facts, NOW), 'source alertmanager')), [
    '✓ source alertmanager: 4 deliveries (2 refused before), last 1 hour ago (2026-03-10T11:00:00Z)',
  ]);
});

test('a source with a secret that never delivered, or silent for over 7 days, is a warning', () => {
  const facts: DoctorFacts = {
    ...HEALTHY,
    webhooks: {
      ok: true,
      value: [
        webhook('gitlab', { authentication: 'gitlab_signature' }),
        webhook('pagerduty', { authentication: 'pagerduty_signature', accepting: false }),
        webhook('flux', {
          authentication: 'flux_signature',
          deliveries: { count: 9, ignored: 0, last_at: iso(NOW - 8 * DAY) },
        }),
        webhook('opsgenie'),
      ],
    },
  };
  const checks = evaluateDoctor(facts, NOW);
  assert.deepEqual(lines(checks).slice(2, 4), [
    '! source gitlab: a secret is configured but nothing was ever delivered',
    '! source flux: 9 deliveries, last 8 days ago (2026-03-02T12:00:00Z): nothing in 7 days',
  ]);
  assert.equal(named(checks, 'source pagerduty').length, 0, 'no secret: not configured, not listed');
  assert.equal(named(checks, 'source opsgenie').length, 0, 'token sources need no configuration');
});

test('nothing received from any source is a warning', () => {
  const facts: DoctorFacts = {
    ...HEALTHY,
    webhooks: { ok: true, value: [webhook('github'), webhook('argocd')] },
    otherSources: { ok: true, value: [] },
  };
  assert.deepEqual(named(evaluateDoctor(facts, NOW), 'sources'), [
    {
      name: 'sources',
      status: 'warn',
      message: 'nothing has been received yet',
      fix: 'point a source at fivekeys (docs/sources/README.md) or post to /api/v1/deployments',
    },
  ]);
});

test('stored requests the adapter now refuses fail their source, with where to look', () => {
  const facts: DoctorFacts = {
    ...HEALTHY,
    failedRequests: {
      ok: true,
      value: [
        { source: 'cloudevents', count: 2, error: 'missing: the service (data.subject.content.environment)' },
      ],
    },
  };
  assert.deepEqual(named(evaluateDoctor(facts, NOW), 'source cloudevents'), [
    {
      name: 'source cloudevents',
      status: 'fail',
      message:
        '2 stored requests now refused by the adapter: missing: the service (data.subject.content.environment)',
      fix: 'see GET /api/v1/events/raw?status=failed&source=cloudevents; fix the sender or the mapping, then fivekeys replay --source cloudevents',
    },
  ]);
});

test('no deployments fail both data checks; the production fix is a curl to this fivekeys', () => {
  const checks = evaluateDoctor(
    {
      ...HEALTHY,
      recentDeployment: { ok: true, value: null },
      productionDeployment: { ok: true, value: null },
    },
    NOW,
  );
  const [deployments] = named(checks, 'deployments');
  const [production] = named(checks, 'production');
  assert.equal(deployments!.status, 'fail');
  assert.equal(deployments!.message, 'none in the last 30 days');
  assert.equal(production!.message, 'no production deployments: metrics will be empty');
  assert.ok(
    production!.fix!.startsWith(
      `send one with curl -X POST http://localhost:8080/api/v1/deployments -H 'content-type: application/json' -d '{"service":"shop","environment":"production","status":"success","finished_at":"2026-03-10T12:00:00Z"}'`,
    ),
    production!.fix,
  );
});

test('remote: the probes, the metrics API and the DORA families of /metrics', () => {
  const remote: DoctorFacts = {
    ...HEALTHY,
    mode: 'remote',
    target: 'https://fivekeys.example.com',
    migrations: undefined,
    endpoints: [
      { path: '/healthz', answer: { ok: true, value: { status: 200 } } },
      {
        path: '/api/v1/metrics',
        answer: { ok: false, error: '/api/v1/metrics answered 401: A token is required.', status: 401 },
      },
    ],
    prometheus: { ok: true, value: { families: ['fivekeys_http_request_duration_seconds', 'fivekeys_up'] } },
  };
  const checks = evaluateDoctor(remote, NOW);
  assert.deepEqual(lines(checks).slice(0, 4), [
    '✓ database: PostgreSQL, reachable from https://fivekeys.example.com',
    '✓ /healthz: answers 200',
    '✗ /api/v1/metrics: /api/v1/metrics answered 401: A token is required.',
    '✗ /metrics: 2 fivekeys_ families but no dora_ DORA families: the scrape could not read the database',
  ]);
  assert.match(checks[2]!.fix!, /fivekeys token create --name doctor --scopes admin/);
  const scraped = evaluateDoctor(
    {
      ...remote,
      prometheus: { ok: true, value: { families: ['fivekeys_up', 'dora_deployment_frequency_total'] } },
    },
    NOW,
  );
  assert.equal(
    lines(named(scraped, '/metrics'))[0],
    '✓ /metrics: 1 fivekeys_ families and the DORA families dora_deployment_frequency_total',
  );
});

test('warnings ingest gave lately: one verdict per kind, counted, with the newest one as the fix', () => {
  const warning = (code: string, hoursAgo: number, message: string) => ({
    received_at: iso(NOW - hoursAgo * HOUR),
    code,
    message,
  });
  const checks = evaluateDoctor(
    {
      ...HEALTHY,
      recentWarnings: {
        ok: true,
        value: [
          warning('not_production', 1, 'Deployment "d3": environment "prd" is not production, …'),
          warning('commit_abbreviated', 2, 'Deployment "d2": commit "abc1234" is an abbreviated sha, …'),
          warning('not_production', 5, 'Deployment "d1": environment "prd" is not production, …'),
        ],
      },
    },
    NOW,
  );
  assert.deepEqual(named(checks, 'not counted'), [
    {
      name: 'not counted',
      status: 'warn',
      message:
        'deployments to an environment that is not production (not_production): 2 in the last 7 days, newest 1 hour ago (2026-03-10T11:00:00Z)',
      fix: 'Deployment "d3": environment "prd" is not production, …',
    },
    {
      name: 'not counted',
      status: 'warn',
      message:
        'deployments naming an abbreviated commit sha (commit_abbreviated): 1 in the last 7 days, newest 2 hours ago (2026-03-10T10:00:00Z)',
      fix: 'Deployment "d2": commit "abc1234" is an abbreviated sha, …',
    },
  ]);
  const none = evaluateDoctor({ ...HEALTHY, recentWarnings: { ok: true, value: [] } }, NOW);
  assert.deepEqual(lines(named(none, 'not counted')), [
    '✓ not counted: no event received in the last 7 days was left out',
  ]);
  const refused = evaluateDoctor(
    { ...HEALTHY, recentWarnings: { ok: false, error: '/api/v1/events/warnings answered 403', status: 403 } },
    NOW,
  );
  assert.equal(named(refused, 'not counted')[0]?.status, 'fail');
});

test('ago says the largest whole unit and the instant', () => {
  assert.equal(ago(NOW - 30_000, NOW), 'just now (2026-03-10T11:59:30Z)');
  assert.equal(ago(NOW - 61_000, NOW), '1 minute ago (2026-03-10T11:58:59Z)');
  assert.equal(ago(NOW - 47 * HOUR, NOW), '1 day ago (2026-03-08T13:00:00Z)');
});

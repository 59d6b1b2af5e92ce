import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Incident } from '../../model/events.ts';
import { createAlertmanagerAdapter, type AlertmanagerOptions } from './alertmanager.ts';
import type { WebhookDelivery } from './webhook.ts';
import { assertInvalidField, REPOSITORY_NAME_CONTEXT } from '../../../test/helpers/webhook-delivery.ts';

type Body = Record<string, unknown> & { alerts: Record<string, unknown>[] };

const payload = (name: string): { headers: Record<string, string>; body: Body } =>
  JSON.parse(
    readFileSync(
      new URL(`../../../test/fixtures/webhooks/alertmanager/${name}.json`, import.meta.url),
      'utf8',
    ),
  ) as { headers: Record<string, string>; body: Body };

const delivery = (body: unknown, headers = payload('firing-group').headers): WebhookDelivery => ({
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  params: {},
  receivedAt: '2026-03-06T12:00:00Z',
});

const fixture = (name: string) => delivery(payload(name).body, payload(name).headers);

/** The fixture's body with fields of alert `index` replaced. */
const withAlert = (name: string, index: number, changes: Record<string, unknown>): Body => {
  const body = payload(name).body;
  return {
    ...body,
    alerts: body.alerts.map((alert, at) => (at === index ? { ...alert, ...changes } : alert)),
  };
};

const adapter = createAlertmanagerAdapter();
const run = (input: WebhookDelivery, options: AlertmanagerOptions = {}) =>
  adapter.map(input, options, REPOSITORY_NAME_CONTEXT);

const rejectsWith = (input: WebhookDelivery, field: string) => assertInvalidField(() => run(input), field);

const CHECKOUT: Incident = {
  source: 'alertmanager',
  external_id: '3d7c1e9b0a4f2c58@2026-03-06T10:41:30.123456789Z',
  service: 'checkout',
  environment: 'production',
  severity: 'critical',
  title: 'Checkout 5xx ratio above 5%',
  started_at: '2026-03-06T10:41:30.123456789Z',
  // The rule's graph in Prometheus: the fixture's generatorURL.
  url: 'http://prometheus.acme.example:9090/graph?g0.expr=sum+by+%28service%29+%28rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D%29%29&g0.tab=1',
  version: '1.14.2',
  commit: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665',
};

// No `service` label: `app` names it; `env` comes before `namespace`; no summary, so the alert name.
const PAYMENTS: Incident = {
  source: 'alertmanager',
  external_id: 'b81f40d2e6a3c971@2026-03-06T10:43:15.902117355Z',
  service: 'payments',
  environment: 'prod-eu',
  severity: 'warning',
  title: 'HTTPErrorRateHigh',
  started_at: '2026-03-06T10:43:15.902117355Z',
  url: 'http://prometheus.acme.example:9090/graph?g0.expr=sum+by+%28app%29+%28rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D%29%29&g0.tab=1',
};

test('each firing alert of a group is an open incident keyed by fingerprint and start', () => {
  assert.deepEqual(run(fixture('firing-group')), {
    events: { changes: [], deployments: [], incidents: [CHECKOUT, PAYMENTS], artifacts: [] },
    reasons: [],
  });
});

test('the resolved group resolves the same incidents at each alert’s endsAt', () => {
  assert.deepEqual(run(fixture('resolved-group')).events.incidents, [
    { ...CHECKOUT, resolved_at: '2026-03-06T11:02:45.123456789Z' },
    { ...PAYMENTS, resolved_at: '2026-03-06T11:05:00.402117355Z' },
  ]);
});

test('a firing alert’s endsAt, zero or estimated, is never a resolution', () => {
  const body = withAlert('firing-group', 0, { endsAt: '2026-03-06T10:45:30.123Z' });
  assert.deepEqual(run(delivery(body)).events.incidents, [CHECKOUT, PAYMENTS]);
  // Alerts resolved while others of the group fire: each alert's own status decides.
  const partly = withAlert('firing-group', 1, { status: 'resolved', endsAt: '2026-03-06T10:58:00Z' });
  assert.deepEqual(run(delivery(partly)).events.incidents, [
    CHECKOUT,
    { ...PAYMENTS, resolved_at: '2026-03-06T10:58:00Z' },
  ]);
});

test('an alert without a service label gives a reason naming it and no row', () => {
  assert.deepEqual(run(fixture('missing-service')), {
    events: { changes: [], deployments: [], incidents: [], artifacts: [] },
    reasons: [
      'alertmanager: alert "HostHighCpuLoad" (fingerprint e40a6f1d93b2c785) has none of the service labels service, app, app_kubernetes_io_name, job; add one to the alerting rule or set serviceLabels',
    ],
  });
  const named = run(fixture('missing-service'), { serviceLabels: ['instance'] }).events.incidents;
  assert.deepEqual(named, [
    {
      source: 'alertmanager',
      external_id: 'e40a6f1d93b2c785@2026-03-06T09:12:04.551203918Z',
      service: '10.0.3.17:9100',
      severity: 'warning',
      title: 'Host high CPU load (instance 10.0.3.17:9100)',
      started_at: '2026-03-06T09:12:04.551203918Z',
      url: 'http://prometheus.acme.example:9090/graph?g0.expr=sum+by+%28instance%29+%28avg+by+%28mode%2C+instance%29+%28rate%28node_cpu_seconds_total%7Bmode%21%3D%22idle%22%7D%5B2m%5D%29%29%29+%3E+0.8&g0.tab=1',
    },
  ]);
});

test('option match keeps the alerts whose every listed label matches its glob', () => {
  const result = run(fixture('firing-group'), { match: { severity: 'CRIT*', alertname: 'HTTP*' } });
  assert.deepEqual(result.events.incidents, [CHECKOUT]);
  assert.deepEqual(result.reasons, [
    'alertmanager: alert "HTTPErrorRateHigh" (fingerprint b81f40d2e6a3c971) does not match the labels of option match',
  ]);
  // A listed label the alert lacks does not match.
  assert.deepEqual(run(fixture('firing-group'), { match: { incident: 'true' } }).events.incidents, []);
});

test('label options choose service, environment, severity and cause', () => {
  const body = withAlert('firing-group', 0, {
    labels: {
      component: 'checkout-web',
      stage: 'staging',
      priority: 'P2',
      deploy: 'deploy-8812',
      sha: 'ABC1234',
    },
  });
  const options: AlertmanagerOptions = {
    serviceLabels: ['component'],
    environmentLabels: ['stage'],
    severityLabel: 'priority',
    causeLabels: { deployment: 'deploy', commit: 'sha' },
  };
  assert.deepEqual(run(delivery(body), options).events.incidents[0], {
    source: 'alertmanager',
    external_id: '3d7c1e9b0a4f2c58@2026-03-06T10:41:30.123456789Z',
    service: 'checkout-web',
    environment: 'staging',
    severity: 'P2',
    title: 'Checkout 5xx ratio above 5%',
    started_at: '2026-03-06T10:41:30.123456789Z',
    url: CHECKOUT.url,
    deployment: 'deploy-8812',
    commit: 'abc1234',
  });
});

test('a commit label that is not a sha is left out', () => {
  const body = withAlert('firing-group', 0, { labels: { service: 'checkout', commit: 'main' } });
  assert.equal(run(delivery(body)).events.incidents[0]?.commit, undefined);
});

test('alerts cut by max_alerts and empty notifications are explained', () => {
  const body = { ...payload('firing-group').body, truncatedAlerts: 3 };
  assert.deepEqual(run(delivery(body)).reasons, [
    'alertmanager: 3 alerts were left out of this notification by max_alerts; raise it (0 = all) so each becomes an incident',
  ]);
  assert.deepEqual(run(delivery({ ...body, alerts: [], truncatedAlerts: 0 })).reasons, [
    'alertmanager: the notification holds no alerts',
  ]);
});

test('a repeat notification is the same delivery, a resolution or a new alert is not', () => {
  const firing = adapter.deliveryId(fixture('firing-group'));
  assert.match(firing ?? '', /^[0-9a-f]{64}$/);
  const body = payload('firing-group').body;
  const repeated = { ...body, alerts: [...body.alerts].reverse(), commonAnnotations: { note: 'repeat' } };
  assert.equal(adapter.deliveryId(delivery(repeated)), firing);
  assert.notEqual(adapter.deliveryId(fixture('resolved-group')), firing);
  assert.notEqual(adapter.deliveryId(delivery({ ...body, alerts: body.alerts.slice(0, 1) })), firing);
  assert.equal(adapter.deliveryId(delivery('not json')), null);
  assert.equal(adapter.deliveryId(delivery({ status: 'firing' })), null);
});

test('malformed notifications are rejected naming the field', () => {
  rejectsWith(delivery('{"alerts": ['), 'body');
  rejectsWith(delivery([]), 'body');
  rejectsWith(delivery({ ...payload('firing-group').body, alerts: undefined }), 'alerts');
  rejectsWith(delivery({ ...payload('firing-group').body, alerts: [null] }), 'alerts[0]');
  rejectsWith(delivery(withAlert('firing-group', 1, { startsAt: 'yesterday' })), 'alerts[1].startsAt');
  rejectsWith(delivery(withAlert('firing-group', 1, { startsAt: undefined })), 'alerts[1].startsAt');
  rejectsWith(delivery(withAlert('firing-group', 0, { fingerprint: '' })), 'alerts[0].fingerprint');
  const zeroEnd = withAlert('resolved-group', 0, { endsAt: '0001-01-01T00:00:00Z' });
  rejectsWith(delivery(zeroEnd), 'alerts[0].endsAt');
});

test('odd label and annotation shapes are read as absent, never crash', () => {
  const body = withAlert('firing-group', 0, {
    labels: { service: 'checkout', severity: 3, constructor: 'x' },
    annotations: ['summary'],
  });
  const options = { serviceLabels: ['toString', 'service'], environmentLabels: ['__proto__'] };
  assert.deepEqual(run(delivery(body), options).events.incidents[0], {
    source: 'alertmanager',
    external_id: '3d7c1e9b0a4f2c58@2026-03-06T10:41:30.123456789Z',
    service: 'checkout',
    started_at: '2026-03-06T10:41:30.123456789Z',
    url: CHECKOUT.url,
  });
});

test('mapping is deterministic', () => {
  for (const name of ['firing-group', 'resolved-group', 'missing-service']) {
    assert.deepEqual(
      run(fixture(name)),
      createAlertmanagerAdapter().map(fixture(name), {}, REPOSITORY_NAME_CONTEXT),
    );
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Incident } from '../../model/events.ts';
import { opsgenieAdapter, type OpsgenieOptions } from './opsgenie.ts';
import type { WebhookDelivery } from './webhook.ts';
import { assertInvalidField, REPOSITORY_NAME_CONTEXT } from '../../../test/helpers/webhook-delivery.ts';

type Body = Record<string, unknown> & { alert: Record<string, unknown> };

const read = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/webhooks/opsgenie/${name}.json`, import.meta.url), 'utf8');

const payload = (name: string) => JSON.parse(read(name)) as { headers: Record<string, string>; body: Body };

const delivery = (body: unknown): WebhookDelivery => ({
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  params: {},
  receivedAt: '2026-03-06T12:00:00Z',
});

/** The fixture as Opsgenie sends it: JSON.parse would round `updatedAt`, so its digits are put back. */
const fixture = (name: string): WebhookDelivery => {
  const digits = /"updatedAt":\s*(\d+)/.exec(read(name))?.[1] ?? '';
  return delivery(JSON.stringify(payload(name).body).replace(/"updatedAt":\d+/, `"updatedAt":${digits}`));
};

/** The fixture's body with `action` and fields of `alert` replaced. */
const withAlert = (name: string, changes: Record<string, unknown>, action?: string) => {
  const body = payload(name).body;
  return delivery({ ...body, action: action ?? body.action, alert: { ...body.alert, ...changes } });
};

const run = (input: WebhookDelivery, options: OpsgenieOptions = {}) =>
  opsgenieAdapter.map(input, options, REPOSITORY_NAME_CONTEXT);
const incidents = (input: WebhookDelivery, options: OpsgenieOptions = {}) =>
  run(input, options).events.incidents;

const rejectsWith = (input: WebhookDelivery, field: string) => assertInvalidField(() => run(input), field);

const ALERT_ID = '8a3f6c2e-51d4-4b7e-9f0a-2c6e1d9b7a43-1772793712480';

// createdAt 1772793712480 ms.
const CREATED: Incident = {
  source: 'opsgenie',
  external_id: ALERT_ID,
  service: 'checkout',
  environment: 'production',
  severity: 'P1',
  title: 'Checkout 5xx ratio above 5%',
  started_at: '2026-03-06T10:41:52.480Z',
};

test('Create opens an incident at createdAt, with service and environment from the tags', () => {
  assert.deepEqual(run(fixture('create')), {
    events: { changes: [], deployments: [], incidents: [CREATED], artifacts: [] },
    reasons: [],
  });
});

test('Close resolves it at updatedAt, read as nanoseconds', () => {
  // 1772794997514002190 ns = 1772794997514 ms.
  assert.deepEqual(incidents(fixture('close')), [{ ...CREATED, resolved_at: '2026-03-06T11:03:17.514Z' }]);
});

test('nanoseconds are converted from the digits sent, not a rounded double', () => {
  const text = read('close').replace('1772794997514002190', '1772794997514999999');
  const body = JSON.stringify((JSON.parse(text) as { body: Body }).body).replace(
    /"updatedAt":\d+/,
    '"updatedAt":1772794997514999999',
  );
  // As a double the value is 1772794997515000000, one millisecond later.
  assert.equal(Number('1772794997514999999'), 1772794997515000000);
  assert.equal(incidents(delivery(body))[0]?.resolved_at, '2026-03-06T11:03:17.514Z');
  assert.equal(opsgenieAdapter.deliveryId(delivery(body)), `${ALERT_ID}:Close:1772794997514999999`);
  // A string of digits is exact too.
  const quoted = withAlert('close', { updatedAt: '1772794997514999999' });
  assert.equal(incidents(quoted)[0]?.resolved_at, '2026-03-06T11:03:17.514Z');
});

test('without a service tag the entity is the service; tags and the option set the environment', () => {
  const untagged = withAlert('create', { tags: ['team:payments', 'environment:staging'] });
  assert.deepEqual(incidents(untagged), [{ ...CREATED, service: 'checkout-api', environment: 'staging' }]);
  const bare = withAlert('create', { tags: [], priority: undefined, message: ' ' });
  assert.deepEqual(incidents(bare, { environment: 'prod-eu' }), [
    {
      source: 'opsgenie',
      external_id: ALERT_ID,
      service: 'checkout-api',
      environment: 'prod-eu',
      started_at: '2026-03-06T10:41:52.480Z',
    },
  ]);
  const spaced = withAlert('create', { tags: ['Service: cart ', 'ENV:prod', 'service:'] });
  assert.deepEqual(incidents(spaced), [{ ...CREATED, service: 'cart', environment: 'prod' }]);
});

test('an alert with neither a service tag nor an entity gives a reason and no row', () => {
  const result = run(withAlert('create', { tags: ['team:payments'], entity: '' }));
  assert.deepEqual(result, {
    events: { changes: [], deployments: [], incidents: [], artifacts: [] },
    reasons: [
      `opsgenie: alert ${ALERT_ID} has no service:NAME tag and no entity, so no service to charge the incident to`,
    ],
  });
});

test('other actions give one reason and no row', () => {
  assert.deepEqual(run(fixture('acknowledge')), {
    events: { changes: [], deployments: [], incidents: [], artifacts: [] },
    reasons: ['opsgenie: action "Acknowledge" does not change incident metrics (only Create and Close do)'],
  });
  assert.deepEqual(run(withAlert('close', {}, 'Delete')).reasons, [
    `opsgenie: alert ${ALERT_ID} was deleted; the incident fivekeys recorded for it stays`,
  ]);
  assert.deepEqual(run(withAlert('close', {}, 'AddNote')).reasons, [
    'opsgenie: action "AddNote" does not change incident metrics (only Create and Close do)',
  ]);
});

test('the delivery id is alert id, action and updatedAt', () => {
  assert.equal(opsgenieAdapter.deliveryId(fixture('create')), `${ALERT_ID}:Create:1772793712480002246`);
  assert.equal(opsgenieAdapter.deliveryId(fixture('close')), `${ALERT_ID}:Close:1772794997514002190`);
  assert.equal(opsgenieAdapter.deliveryId(withAlert('close', { updatedAt: undefined })), null);
  assert.equal(opsgenieAdapter.deliveryId(delivery('nope')), null);
});

test('malformed alerts are rejected naming the field', () => {
  rejectsWith(delivery('{"action":"Create",'), 'body');
  rejectsWith(delivery({ ...payload('create').body, action: undefined }), 'action');
  rejectsWith(delivery({ ...payload('create').body, alert: 'x' }), 'alert');
  rejectsWith(withAlert('create', { alertId: undefined }), 'alert.alertId');
  rejectsWith(withAlert('create', { createdAt: undefined }), 'alert.createdAt');
  rejectsWith(withAlert('create', { createdAt: '2026-03-06' }), 'alert.createdAt');
  rejectsWith(withAlert('create', { createdAt: '1772793712480002246' }), 'alert.createdAt');
  rejectsWith(withAlert('close', { updatedAt: undefined }), 'alert.updatedAt');
  rejectsWith(withAlert('close', { updatedAt: 1.5 }), 'alert.updatedAt');
  // Milliseconds where nanoseconds belong fall in 1970, before the alert was created.
  rejectsWith(withAlert('close', { updatedAt: 1772794997514 }), 'alert.updatedAt');
});

test('odd field shapes are read as absent, never crash', () => {
  const odd = { tags: [7, null, 'service:checkout'], priority: ['P1'], message: {}, entity: 3 };
  assert.deepEqual(incidents(withAlert('create', odd)), [
    {
      source: 'opsgenie',
      external_id: ALERT_ID,
      service: 'checkout',
      environment: 'production',
      started_at: '2026-03-06T10:41:52.480Z',
    },
  ]);
});

test('mapping is deterministic', () => {
  for (const name of ['create', 'close', 'acknowledge'])
    assert.deepEqual(run(fixture(name)), run(fixture(name)));
});

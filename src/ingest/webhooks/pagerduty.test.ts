import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Incident } from '../../model/events.ts';
import { pagerdutyAdapter, type PagerDutyOptions } from './pagerduty.ts';
import type { WebhookDelivery } from './webhook.ts';
import { assertInvalidField, REPOSITORY_NAME_CONTEXT } from '../../../test/helpers/webhook-delivery.ts';

type Event = Record<string, unknown> & { data: Record<string, unknown> };

const payload = (name: string): { headers: Record<string, string>; body: { event: Event } } =>
  JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/webhooks/pagerduty/${name}.json`, import.meta.url), 'utf8'),
  ) as { headers: Record<string, string>; body: { event: Event } };

const delivery = (body: unknown): WebhookDelivery => ({
  headers: payload('incident-triggered').headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  params: {},
  receivedAt: '2026-03-06T12:00:00Z',
});

const fixture = (name: string) => delivery(payload(name).body);

/** The fixture's event with envelope fields and `data` fields replaced. */
const withEvent = (name: string, changes: Record<string, unknown>, data: Record<string, unknown> = {}) => {
  const { event } = payload(name).body;
  return delivery({ event: { ...event, ...changes, data: { ...event.data, ...data } } });
};

const run = (input: WebhookDelivery, options: PagerDutyOptions = {}) =>
  pagerdutyAdapter.map(input, options, REPOSITORY_NAME_CONTEXT);

const incidents = (input: WebhookDelivery, options: PagerDutyOptions = {}) => {
  const result = run(input, options);
  assert.deepEqual(result.reasons, []);
  return result.events.incidents;
};

const rejectsWith = (input: WebhookDelivery, field: string) => assertInvalidField(() => run(input), field);

// Triggered without a priority: the urgency is the severity.
const TRIGGERED: Incident = {
  source: 'pagerduty',
  external_id: 'Q2KJ4B7VN1TZ5P',
  service: 'Checkout API',
  environment: 'production',
  severity: 'high',
  title: 'Checkout 5xx ratio above 5%',
  url: 'https://acme.pagerduty.com/incidents/Q2KJ4B7VN1TZ5P',
  started_at: '2026-03-06T10:41:52Z',
};

test('incident.triggered opens the incident at its created_at', () => {
  assert.deepEqual(run(fixture('incident-triggered')), {
    events: { changes: [], deployments: [], incidents: [TRIGGERED], artifacts: [] },
    reasons: [],
  });
});

test('incident.acknowledged keeps the row current without resolving it', () => {
  assert.deepEqual(incidents(fixture('incident-acknowledged')), [{ ...TRIGGERED, severity: 'P1' }]);
  for (const type of ['incident.priority_updated', 'incident.escalated', 'incident.unacknowledged']) {
    assert.deepEqual(incidents(withEvent('incident-acknowledged', { event_type: type })), [
      { ...TRIGGERED, severity: 'P1' },
    ]);
  }
});

test('incident.resolved resolves the same incident at occurred_at', () => {
  assert.deepEqual(incidents(fixture('incident-resolved')), [
    { ...TRIGGERED, severity: 'P1', resolved_at: '2026-03-06T11:03:27.540Z' },
  ]);
});

test('without created_at only the trigger knows the start; later events only bound it', () => {
  assert.deepEqual(incidents(withEvent('incident-triggered', {}, { created_at: null })), [
    { ...TRIGGERED, started_at: '2026-03-06T10:41:52.318Z' },
  ]);
  assert.deepEqual(incidents(withEvent('incident-resolved', {}, { created_at: undefined })), [
    {
      ...TRIGGERED,
      severity: 'P1',
      started_at: '2026-03-06T11:03:27.540Z',
      start_unknown: true,
      resolved_at: '2026-03-06T11:03:27.540Z',
    },
  ]);
  assert.deepEqual(incidents(withEvent('incident-acknowledged', {}, { created_at: undefined })), [
    { ...TRIGGERED, severity: 'P1', started_at: '2026-03-06T10:44:05.112Z', start_unknown: true },
  ]);
});

test('options map PagerDuty services by name or id and set the environment', () => {
  assert.deepEqual(incidents(fixture('incident-triggered'), { services: { 'Checkout API': 'checkout' } }), [
    { ...TRIGGERED, service: 'checkout' },
  ]);
  const byId = { services: { PF9KMXH: 'checkout' }, environment: 'prod-eu' };
  assert.deepEqual(incidents(fixture('incident-triggered'), byId), [
    { ...TRIGGERED, service: 'checkout', environment: 'prod-eu' },
  ]);
  const unlisted = { services: { 'Payments API': 'payments', constructor: 'x' } };
  assert.deepEqual(incidents(fixture('incident-triggered'), unlisted), [TRIGGERED]);
});

test('pings, service events, reopenings and notes give one reason and no row', () => {
  const skipped = (input: WebhookDelivery) => {
    const result = run(input);
    assert.deepEqual(result.events.incidents, []);
    assert.equal(result.reasons.length, 1);
    return result.reasons[0];
  };
  assert.equal(
    skipped(fixture('pagey-ping')),
    'pagerduty: pagey.ping is the test event of a webhook subscription',
  );
  assert.equal(
    skipped(withEvent('incident-triggered', { event_type: 'service.updated', resource_type: 'service' })),
    'pagerduty: service.updated changes a PagerDuty service, not an incident',
  );
  assert.equal(
    skipped(withEvent('incident-resolved', { event_type: 'incident.reopened' }, { status: 'triggered' })),
    'pagerduty: incident Q2KJ4B7VN1TZ5P was reopened; its first resolution stands, so time to restore ends there',
  );
  const note = {
    event_type: 'incident.annotated',
    data: { id: 'P2LA89X', type: 'incident_note', content: 'x' },
  };
  assert.equal(
    skipped(delivery({ event: { ...payload('incident-triggered').body.event, ...note } })),
    'pagerduty: incident.annotated carries an incident_note, not the incident, so it changes nothing fivekeys records',
  );
});

test('the delivery id is the event id', () => {
  assert.equal(pagerdutyAdapter.deliveryId(fixture('incident-resolved')), '01FKZQ1B5T7N3HC8YD2W6P4R9E');
  assert.equal(pagerdutyAdapter.deliveryId(fixture('pagey-ping')), '01FKZOXA868SHYEE4DVNWB5P9W');
  assert.equal(pagerdutyAdapter.deliveryId(delivery('{')), null);
  assert.equal(pagerdutyAdapter.deliveryId(delivery({ messages: [] })), null);
});

test('malformed events are rejected naming the field', () => {
  rejectsWith(delivery('{"event":'), 'body');
  rejectsWith(delivery('"incident"'), 'body');
  rejectsWith(delivery({ messages: [{ event: 'incident.trigger' }] }), 'event');
  rejectsWith(withEvent('incident-triggered', { event_type: ['incident.triggered'] }), 'event.event_type');
  rejectsWith(withEvent('incident-triggered', {}, { id: undefined }), 'event.data.id');
  rejectsWith(delivery({ event: { ...payload('incident-triggered').body.event, data: 'x' } }), 'event.data');
  rejectsWith(withEvent('incident-resolved', { occurred_at: '06/03/2026 11:03' }), 'event.occurred_at');
  rejectsWith(withEvent('incident-triggered', {}, { created_at: 1772793712 }), 'event.data.created_at');
});

test('odd field shapes are read as absent, never crash', () => {
  const odd = { service: 'Checkout API', priority: { summary: ['P1'] }, urgency: null, title: {} };
  assert.deepEqual(incidents(withEvent('incident-triggered', {}, odd)), [
    {
      source: 'pagerduty',
      external_id: 'Q2KJ4B7VN1TZ5P',
      environment: 'production',
      url: 'https://acme.pagerduty.com/incidents/Q2KJ4B7VN1TZ5P',
      started_at: '2026-03-06T10:41:52Z',
    },
  ]);
});

test('mapping is deterministic', () => {
  for (const name of ['incident-triggered', 'incident-acknowledged', 'incident-resolved', 'pagey-ping']) {
    assert.deepEqual(run(fixture(name)), run(fixture(name)));
  }
});

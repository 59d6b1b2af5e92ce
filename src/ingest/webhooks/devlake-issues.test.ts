import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Incident } from '../../model/events.ts';
import { devlakeAdapter, type DevLakeOptions } from './devlake.ts';
import type { WebhookDelivery } from './webhook.ts';
import { assertInvalidField, REPOSITORY_NAME_CONTEXT } from '../../../test/helpers/webhook-delivery.ts';

type Body = Record<string, unknown>;

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../test/fixtures/webhooks/devlake-issues/${name}.json`, import.meta.url),
      'utf8',
    ),
  ) as { body: Body; params: Record<string, string> };

const RECEIVED = '2026-03-06T17:30:00Z';

const delivery = (body: unknown, params: Record<string, string>): WebhookDelivery => ({
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  params,
  receivedAt: RECEIVED,
});

const load = (name: string) => delivery(fixture(name).body, fixture(name).params);
const withFields = (name: string, changes: Body) =>
  delivery({ ...fixture(name).body, ...changes }, fixture(name).params);

const run = (input: WebhookDelivery, options: DevLakeOptions = {}) =>
  devlakeAdapter.map(input, options, REPOSITORY_NAME_CONTEXT);
const incidents = (input: WebhookDelivery, options: DevLakeOptions = {}) =>
  run(input, options).events.incidents;

const rejectsWith = (input: WebhookDelivery, field: string) => assertInvalidField(() => run(input), field);

const OPEN: Incident = {
  source: 'devlake',
  external_id: '1/INC-101',
  service: 'checkout',
  environment: 'production',
  severity: 'SEV2',
  title: 'Checkout returns 502 for card payments',
  url: 'https://tracker.acme.example/browse/INC-101',
  started_at: '2026-03-06T11:05:00+00:00',
};

test('an open INCIDENT issue is an open incident of its component', () => {
  assert.deepEqual(run(load('incident-open')), {
    events: { changes: [], deployments: [], incidents: [OPEN], artifacts: [] },
    reasons: [],
  });
});

test('a DONE incident posted to /incidents resolves at its resolution date; priority stands in for severity', () => {
  assert.deepEqual(incidents(load('incident-done-via-incidents')), [
    {
      source: 'devlake',
      external_id: '1/INC-102',
      service: 'inventory',
      environment: 'production',
      severity: 'High',
      title: 'Inventory sync lagging',
      started_at: '2026-03-06T16:10:00+00:00',
      resolved_at: '2026-03-06T16:58:30+00:00',
    },
  ]);
});

test('a DONE incident without a resolution date resolves at its last update, else when posted', () => {
  const updated = withFields('incident-done-via-incidents', { resolutionDate: undefined });
  assert.equal(incidents(updated)[0]?.resolved_at, '2026-03-06T17:02:00+00:00');
  const bare = withFields('incident-done-via-incidents', {
    resolutionDate: undefined,
    updatedDate: undefined,
  });
  assert.equal(incidents(bare)[0]?.resolved_at, RECEIVED);
  assert.equal(incidents(withFields('incident-open', { status: 'TODO' }))[0]?.resolved_at, undefined);
});

test('issues of other types give a reason and no rows', () => {
  for (const input of [
    load('bug'),
    withFields('incident-open', { type: 'REQUIREMENT' }),
    withFields('incident-open', { type: undefined }),
  ]) {
    const result = run(input);
    assert.deepEqual(result.events.incidents, []);
    assert.equal(result.reasons.length, 1);
  }
  assert.match(run(load('bug')).reasons[0] ?? '', /DLK-1234 has type BUG/);
});

test('the snake_case body is read too', () => {
  const legacy = delivery(
    {
      issue_key: 'INC-7',
      title: 'Search down',
      type: 'INCIDENT',
      status: 'DONE',
      original_status: 'closed',
      created_date: '2026-03-05T09:00:00+00:00',
      updated_date: '2026-03-05T09:40:00+00:00',
      resolution_date: '2026-03-05T09:35:00+00:00',
      severity: 'critical',
      component: 'search',
    },
    { connectionId: '3', kind: 'issues' },
  );
  assert.deepEqual(incidents(legacy), [
    {
      source: 'devlake',
      external_id: '3/INC-7',
      service: 'search',
      environment: 'production',
      severity: 'critical',
      title: 'Search down',
      started_at: '2026-03-05T09:00:00+00:00',
      resolved_at: '2026-03-05T09:35:00+00:00',
    },
  ]);
});

test("the connection's service and environment win; with neither service nor component, a reason", () => {
  const options = { connections: { '1': { service: 'storefront', environment: 'prod-eu' } } };
  assert.deepEqual(incidents(load('incident-open'), options), [
    { ...OPEN, service: 'storefront', environment: 'prod-eu' },
  ]);
  const orphan = run(withFields('incident-open', { component: '' }));
  assert.deepEqual(orphan.events.incidents, []);
  assert.match(orphan.reasons[0] ?? '', /INC-101 has no component/);
});

test('closing an issue resolves its incident when the call arrives, start unknown until the issue says', () => {
  const closed: Incident = {
    source: 'devlake',
    external_id: '1/INC-101',
    started_at: RECEIVED,
    start_unknown: true,
    resolved_at: RECEIVED,
  };
  assert.deepEqual(run(load('close')), {
    events: { changes: [], deployments: [], incidents: [closed], artifacts: [] },
    reasons: [],
  });
  const options = { connections: { '1': { service: 'storefront', environment: 'prod-eu' } } };
  assert.deepEqual(incidents(load('close'), options), [
    { ...closed, service: 'storefront', environment: 'prod-eu' },
  ]);
});

test('an incident without its key or creation date is refused, naming the field', () => {
  rejectsWith(withFields('incident-open', { issueKey: undefined }), 'issueKey');
  rejectsWith(withFields('incident-open', { createdDate: undefined }), 'createdDate');
  rejectsWith(withFields('incident-open', { createdDate: 'today' }), 'createdDate');
  rejectsWith(withFields('incident-done-via-incidents', { resolutionDate: 1772815110 }), 'resolutionDate');
});

test('every issue fixture maps the same way twice', () => {
  for (const name of ['incident-open', 'incident-done-via-incidents', 'bug', 'close']) {
    assert.deepEqual(run(load(name)), run(load(name)), name);
  }
});

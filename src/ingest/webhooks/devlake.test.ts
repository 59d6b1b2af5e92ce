import { test } from 'node:test';
import assert from 'node:assert/strict';
import { devlakeAdapter } from './devlake.ts';
import type { WebhookDelivery } from './webhook.ts';
import { assertInvalidField, REPOSITORY_NAME_CONTEXT } from '../../../test/helpers/webhook-delivery.ts';

const DEPLOYMENT = {
  id: 'deploy-1',
  startedDate: '2026-03-06T10:39:13+00:00',
  finishedDate: '2026-03-06T10:42:17+00:00',
  deploymentCommits: [
    { repoUrl: 'https://github.com/acme/checkout', commitSha: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665' },
  ],
};

const delivery = (params: Record<string, string>, body: unknown = DEPLOYMENT): WebhookDelivery => ({
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  params,
  receivedAt: '2026-03-06T12:00:00Z',
});

const run = (input: WebhookDelivery) => devlakeAdapter.map(input, {}, REPOSITORY_NAME_CONTEXT);

const rejectsWith = (input: WebhookDelivery, field: string) => assertInvalidField(() => run(input), field);

test('the route kind picks the mapping; incidents is an alias of issues', () => {
  assert.equal(run(delivery({ connectionId: '1', kind: 'deployments' })).events.deployments.length, 1);
  const issue = {
    issueKey: 'INC-1',
    title: 't',
    type: 'INCIDENT',
    createdDate: '2026-03-06T11:00:00Z',
    component: 'c',
  };
  for (const kind of ['issues', 'incidents']) {
    assert.equal(run(delivery({ connectionId: '1', kind }, issue)).events.incidents.length, 1, kind);
  }
});

test('closing reads only the route: an empty body or an empty object is fine', () => {
  for (const body of ['', '{}']) {
    const result = run(delivery({ connectionId: '4', kind: 'close', issueKey: 'INC-9' }, body));
    assert.equal(result.events.incidents[0]?.external_id, '4/INC-9');
  }
  rejectsWith(delivery({ connectionId: '4', kind: 'close', issueKey: 'INC-9' }, '{'), 'body');
});

test('a route without its connection, kind or issue key, or a body that is no JSON object, is refused', () => {
  rejectsWith(delivery({ kind: 'deployments' }), 'param:connectionId');
  rejectsWith(delivery({ connectionId: ' ', kind: 'deployments' }), 'param:connectionId');
  rejectsWith(delivery({ connectionId: '1' }), 'param:kind');
  rejectsWith(delivery({ connectionId: '1', kind: 'pipelines' }), 'param:kind');
  rejectsWith(delivery({ connectionId: '1', kind: 'close' }), 'param:issueKey');
  rejectsWith(delivery({ connectionId: '1', kind: 'deployments' }, '{"id": '), 'body');
  rejectsWith(delivery({ connectionId: '1', kind: 'issues' }, '[1]'), 'body');
});

test('delivery ids: the exact body per connection and kind; one close per issue', () => {
  const id = (params: Record<string, string>, body?: unknown) =>
    devlakeAdapter.deliveryId(delivery(params, body));
  const first = id({ connectionId: '1', kind: 'deployments' });
  assert.match(first ?? '', /^1\/deployments\/sha256:[0-9a-f]{32}$/);
  assert.equal(id({ connectionId: '1', kind: 'deployments' }), first);
  assert.notEqual(id({ connectionId: '2', kind: 'deployments' }), first);
  assert.notEqual(
    id({ connectionId: '1', kind: 'deployments' }, { ...DEPLOYMENT, result: 'FAILURE' }),
    first,
  );
  assert.equal(
    id({ connectionId: '1', kind: 'incidents' }, { issueKey: 'INC-1' }),
    id({ connectionId: '1', kind: 'issues' }, { issueKey: 'INC-1' }),
  );
  assert.equal(id({ connectionId: '1', kind: 'close', issueKey: 'INC-1' }, ''), '1/close/INC-1');
  assert.equal(id({ connectionId: '1', kind: 'close' }), null);
  assert.equal(id({ kind: 'deployments' }), null);
  assert.equal(id({ connectionId: '1', kind: 'pipelines' }), null);
});

test('a connection id that is also an Object property is just an unknown connection', () => {
  const result = devlakeAdapter.map(
    delivery({ connectionId: 'constructor', kind: 'deployments' }),
    { connections: {} },
    REPOSITORY_NAME_CONTEXT,
  );
  assert.equal(result.events.deployments[0]?.service, 'checkout');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '../../errors.ts';
import { createGitLabAdapter, GitLabOptionsSchema, type GitLabOptions } from './gitlab.ts';
import type { WebhookDelivery } from './webhook.ts';

type Fixture = { headers: Record<string, string>; body: Record<string, unknown> };

const FOLDER = new URL('../../../test/fixtures/webhooks/gitlab/', import.meta.url);
const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`${name}.json`, FOLDER), 'utf8')) as Fixture;
const RECEIVED = '2026-03-02T10:40:13.512Z';
const context = { serviceForRepository: (repository: string) => `${repository.split('/').pop()}-api` };
const adapter = createGitLabAdapter();

const delivery = (headers: Record<string, string>, body: unknown): WebhookDelivery => ({
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  params: {},
  receivedAt: RECEIVED,
});

const map = (headers: Record<string, string>, body: unknown, options: GitLabOptions = {}) =>
  adapter.map(delivery(headers, body), options, context);

function throwsField(run: () => unknown, field: string) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, 'invalid_payload');
    assert.equal(error.field, field);
    return true;
  });
}

const EMPTY = { changes: [], deployments: [], incidents: [], artifacts: [] };

/** A copy of `row` without `key`. */
function without<T extends object, K extends keyof T>(row: T, key: K): Omit<T, K> {
  const copy = { ...row };
  delete copy[key];
  return copy;
}

test('every fixture maps deterministically to rows or a reason, with its headers and every option on', () => {
  const names = readdirSync(FOLDER).filter((name) => name.endsWith('.json'));
  assert.ok(names.length >= 6);
  const everything: GitLabOptions = {
    tagsAsDeployments: true,
    releasesAsDeployments: true,
    deploymentPipelines: ['deploy *'],
  };
  for (const name of names) {
    const { headers, body } = fixture(name.replace(/\.json$/, ''));
    assert.equal(headers['content-type'], 'application/json', name);
    assert.match(headers['x-gitlab-event'] ?? '', / Hook$/, name);
    assert.match(headers['x-gitlab-event-uuid'] ?? '', /^[0-9a-f-]{36}$/, name);
    for (const options of [{}, everything]) {
      const first = map(headers, body, options);
      assert.deepEqual(map(headers, body, options), first, name);
      const rows = Object.values(first.events).reduce((sum, list) => sum + list.length, 0);
      assert.ok(rows > 0 || first.reasons.length > 0, `${name} gave neither rows nor a reason`);
    }
  }
});

test('the delivery id is the idempotency key, else the event uuid, else none', () => {
  const { headers } = fixture('push');
  assert.equal(adapter.deliveryId(delivery(headers, '{}')), '84ad7b2f-ed8c-5732-a1c7-d3cdc9346cb1');
  const older = without(headers, 'idempotency-key');
  assert.equal(adapter.deliveryId(delivery(older, '{}')), 'ed2d7a6b-7000-5288-8807-5af84c169b48');
  assert.equal(
    adapter.deliveryId(delivery({ ...older, 'idempotency-key': ' ' }, '{}')),
    older['x-gitlab-event-uuid'],
  );
  assert.equal(adapter.deliveryId(delivery({ 'x-gitlab-event': 'Push Hook' }, '{}')), null);
  assert.equal(adapter.source, 'gitlab');
});

test('object_kind decides, whatever X-Gitlab-Event says (system hooks say System Hook)', () => {
  const { headers, body } = fixture('push');
  const asProjectHook = map(headers, body);
  assert.equal(asProjectHook.events.changes.length, 3);
  assert.deepEqual(map({ ...headers, 'x-gitlab-event': 'System Hook' }, body), asProjectHook);
  const withoutEvent = without(headers, 'x-gitlab-event');
  assert.deepEqual(map(withoutEvent, body), asProjectHook);
});

test('events that are not mapped give one reason and no rows', () => {
  const { headers } = fixture('push');
  const cases: [Record<string, string>, Record<string, unknown>, string][] = [
    [
      { ...headers, 'x-gitlab-event': 'Note Hook' },
      { object_kind: 'note' },
      'gitlab: note events do not change delivery metrics',
    ],
    [
      { ...headers, 'x-gitlab-event': 'Job Hook' },
      { object_kind: 'build' },
      'gitlab: build events do not change delivery metrics',
    ],
    [
      { ...headers, 'x-gitlab-event': 'Wiki Page Hook' },
      { object_kind: 'wiki_page' },
      'gitlab: wiki_page events do not change delivery metrics',
    ],
    [
      { ...headers, 'x-gitlab-event': 'Member Hook' },
      { event_name: 'user_add_to_group' },
      'gitlab: Member Hook user_add_to_group events do not change delivery metrics',
    ],
    [
      { ...headers, 'x-gitlab-event': 'System Hook' },
      { event_name: 'project_create' },
      'gitlab: System Hook project_create events do not change delivery metrics',
    ],
    [
      { ...headers, 'x-gitlab-event': 'Subgroup Hook' },
      {},
      'gitlab: Subgroup Hook events do not change delivery metrics',
    ],
    [
      { ...headers, 'x-gitlab-event': 'Note Hook' },
      { object_kind: 'constructor' },
      'gitlab: constructor events do not change delivery metrics',
    ],
  ];
  for (const [eventHeaders, body, reason] of cases) {
    assert.deepEqual(map(eventHeaders, body), { events: EMPTY, reasons: [reason] });
  }
});

test('unreadable deliveries name the field at fault', () => {
  const { headers, body } = fixture('push');
  throwsField(() => map(headers, '{"object_kind": "push",'), 'body');
  throwsField(() => map(headers, '[{"object_kind": "push"}]'), 'body');
  throwsField(() => map(headers, 'null'), 'body');
  const withoutKind = without(body, 'object_kind');
  throwsField(() => map(headers, withoutKind), 'object_kind');
  throwsField(() => map({ 'content-type': 'application/json' }, withoutKind), 'object_kind');
  throwsField(() => map(headers, { ...body, object_kind: 42 }), 'object_kind');
  const withoutProject = without(body, 'project');
  throwsField(() => map(headers, withoutProject), 'project.path_with_namespace');
  throwsField(
    () => map(headers, { ...body, project: 'acme/platform/checkout' }),
    'project.path_with_namespace',
  );
});

test('the project path is the repository, normalized, and names the service', () => {
  const { headers, body } = fixture('push');
  const project = {
    ...(body.project as Record<string, unknown>),
    path_with_namespace: ' acme/platform/checkout.git ',
  };
  const [change] = map(headers, { ...body, project }).events.changes;
  assert.equal(change?.repository, 'acme/platform/checkout');
  assert.equal(change?.service, 'checkout-api');
});

test('one adapter serves bindings with different options', () => {
  const { headers, body } = fixture('tag-push');
  const on: GitLabOptions = { tagsAsDeployments: true };
  assert.equal(map(headers, body, on).events.deployments.length, 1);
  assert.equal(map(headers, body, {}).events.deployments.length, 0);
  assert.equal(map(headers, body, on).events.deployments.length, 1);
});

test('the options schema documents every default and refuses unknown keys', () => {
  assert.equal(Value.Check(GitLabOptionsSchema, {}), true);
  assert.equal(
    Value.Check(GitLabOptionsSchema, { tagsAsDeployments: true, deploymentPipelines: ['deploy*'] }),
    true,
  );
  assert.equal(Value.Check(GitLabOptionsSchema, { tags_as_deployments: true }), false);
  assert.equal(Value.Check(GitLabOptionsSchema, { deploymentPipelines: [''] }), false);
  assert.deepEqual(Value.Default(GitLabOptionsSchema, {}), {
    tagsAsDeployments: false,
    tagEnvironment: 'production',
    deploymentPipelines: [],
    pipelineEnvironment: 'production',
    releasesAsDeployments: false,
    releaseEnvironment: 'production',
    incidentLabels: ['incident'],
  });
  for (const [key, property] of Object.entries(GitLabOptionsSchema.properties)) {
    assert.match(String(property.description), /Default/, key);
  }
});

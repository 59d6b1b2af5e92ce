import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { EXAMPLES, USED_EVENTS } from '../../../test/helpers/github-examples.ts';
import { Value } from '@sinclair/typebox/value';
import { createGitHubAdapter, GitHubOptionsSchema, type GitHubOptions } from './github.ts';
import type { WebhookDelivery } from './webhook.ts';
import { assertInvalidField } from '../../../test/helpers/webhook-delivery.ts';

const adapter = createGitHubAdapter();
const CONTEXT = { serviceForRepository: (repository: string) => repository.split('/').at(-1) ?? repository };
const FIXTURES = new URL('../../../test/fixtures/webhooks/github/', import.meta.url);

const delivery = (headers: Record<string, string>, body: string): WebhookDelivery => ({
  headers,
  body,
  params: {},
  receivedAt: '2026-03-10T08:00:00Z',
});
const json = (event: string, body: unknown) =>
  delivery({ 'x-github-event': event, 'content-type': 'application/json' }, JSON.stringify(body));

function fixtures(): [string, WebhookDelivery][] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const { headers, body } = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as {
        headers: Record<string, string>;
        body: unknown;
      };
      return [file, delivery(headers, JSON.stringify(body))];
    });
}

const throwsOn = (field: string, run: () => unknown) => assertInvalidField(run, field);

const EVERYTHING_ON: GitHubOptions = {
  deploymentWorkflows: ['**'],
  releasesAsDeployments: true,
  includePrereleases: true,
  incidentLabels: ['bug'],
};

test('every webhooks-examples payload of a used event maps, the same way twice', () => {
  let payloads = 0;
  for (const group of EXAMPLES.filter(({ name }) => USED_EVENTS.includes(name))) {
    group.examples.forEach((example, index) => {
      for (const options of [{}, EVERYTHING_ON]) {
        const mapped = adapter.map(json(group.name, example), options, CONTEXT);
        const label = `${group.name}[${index}] ${String(example.action)}`;
        assert.deepEqual(adapter.map(json(group.name, example), options, CONTEXT), mapped, label);
        const rows = Object.values(mapped.events).flat().length;
        assert.ok(rows > 0 || mapped.reasons.length === 1, `${label}: no rows and no single reason`);
        for (const change of mapped.events.changes) assert.match(change.sha, /^[0-9a-f]{40}$/, label);
        for (const reason of mapped.reasons) assert.match(reason, /^github: /, label);
      }
      payloads += 1;
    });
  }
  assert.ok(payloads >= 90, `only ${payloads} examples`);
});

test('the hand-made fixtures map with the default options', () => {
  const counts = fixtures().map(([file, fixture]) => {
    const mapped = adapter.map(fixture, {}, CONTEXT);
    assert.deepEqual(adapter.map(fixture, {}, CONTEXT), mapped);
    assert.match(adapter.deliveryId(fixture) ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-/);
    const { changes, deployments, incidents } = mapped.events;
    return [file, changes.length, deployments.length, incidents.length, mapped.reasons.length];
  });
  assert.deepEqual(counts, [
    ['deployment-status-success-production.json', 0, 1, 0, 0],
    ['issues-closed-incident.json', 0, 0, 1, 0],
    ['ping.json', 0, 0, 0, 1],
    ['pull-request-merged.json', 2, 0, 0, 0],
    ['push-main.json', 3, 0, 0, 0],
    ['workflow-run-deploy-success.json', 0, 0, 0, 1],
  ]);
});

test('a ping is answered with a reason naming the hook', () => {
  const ping = EXAMPLES.find(({ name }) => name === 'ping')?.examples[0];
  assert.deepEqual(adapter.map(json('ping', ping), {}, CONTEXT).reasons, [
    'github: ping (hook 109948940) answered',
  ]);
});

test('events that are not used give one reason and no rows', () => {
  for (const event of ['check_suite', 'star', 'constructor', '__proto__']) {
    assert.deepEqual(adapter.map(json(event, { action: 'completed' }), {}, CONTEXT), {
      events: { changes: [], deployments: [], incidents: [], artifacts: [] },
      reasons: [`github: event "${event}" is not used`],
    });
  }
});

test('the delivery id is X-GitHub-Delivery, null without it', () => {
  const guid = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
  assert.equal(adapter.deliveryId(delivery({ 'x-github-delivery': guid }, '{}')), guid);
  assert.equal(adapter.deliveryId(delivery({}, '{}')), null);
  assert.equal(adapter.source, 'github');
});

test('a form-encoded delivery maps like the JSON one', () => {
  const [, fixture] = fixtures().find(([file]) => file === 'pull-request-merged.json') ?? [];
  assert.ok(fixture);
  const form = delivery(
    { ...fixture.headers, 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({ payload: fixture.body }).toString(),
  );
  assert.deepEqual(adapter.map(form, {}, CONTEXT), adapter.map(fixture, {}, CONTEXT));
});

test('a missing event header, a body that is not JSON or not an object are refused', () => {
  throwsOn('header:x-github-event', () => adapter.map(delivery({}, '{}'), {}, CONTEXT));
  throwsOn('header:x-github-event', () =>
    adapter.map(delivery({ 'x-github-event': ' ' }, '{}'), {}, CONTEXT),
  );
  throwsOn('body', () => adapter.map(delivery({ 'x-github-event': 'push' }, '{"ref":'), {}, CONTEXT));
  throwsOn('body', () => adapter.map(delivery({ 'x-github-event': 'star' }, '{"ref":'), {}, CONTEXT));
  throwsOn('body', () => adapter.map(delivery({ 'x-github-event': 'push' }, 'payload=%7B'), {}, CONTEXT));
  throwsOn('body', () => adapter.map(json('push', [1, 2]), {}, CONTEXT));
  throwsOn('body', () => adapter.map(json('ping', null), {}, CONTEXT));
});

test('the options schema documents its defaults and refuses unknown keys', () => {
  assert.deepEqual(Value.Default(GitHubOptionsSchema, {}), {
    deploymentWorkflows: [],
    workflowEnvironment: 'production',
    releasesAsDeployments: false,
    releaseEnvironment: 'production',
    includePrereleases: false,
    incidentLabels: ['incident'],
    severityLabels: ['sev*', 'severity:*', 'severity/*', 'p[0-9]'],
  });
  assert.equal(Value.Check(GitHubOptionsSchema, { deployment_workflows: ['deploy'] }), false);
  assert.equal(Value.Check(GitHubOptionsSchema, EVERYTHING_ON), true);
});

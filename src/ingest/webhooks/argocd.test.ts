import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Deployment } from '../../model/events.ts';
import { argocdAdapter, type ArgoCdOptions } from './argocd.ts';
import type { WebhookDelivery } from './webhook.ts';
import { assertInvalidField, REPOSITORY_NAME_CONTEXT } from '../../../test/helpers/webhook-delivery.ts';

const FIXTURES = ['on-deployed', 'on-sync-failed', 'helm-chart', 'multi-source'];

const body = (name: string) =>
  (
    JSON.parse(
      readFileSync(new URL(`../../../test/fixtures/webhooks/argocd/${name}.json`, import.meta.url), 'utf8'),
    ) as { body: Record<string, unknown> }
  ).body;

const delivery = (payload: unknown): WebhookDelivery => ({
  headers: { 'content-type': 'application/json' },
  body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  params: {},
  receivedAt: '2026-03-07T12:00:00Z',
});

/** A fixture's body with fields replaced (undefined drops one). */
const withFields = (name: string, changes: Record<string, unknown>) =>
  delivery({ ...body(name), ...changes });

const run = (input: WebhookDelivery, options: ArgoCdOptions = {}) =>
  argocdAdapter.map(input, options, REPOSITORY_NAME_CONTEXT);
const deployments = (input: WebhookDelivery, options: ArgoCdOptions = {}) =>
  run(input, options).events.deployments;

const rejectsWith = (input: WebhookDelivery, field: string, options: ArgoCdOptions = {}) =>
  assertInvalidField(() => run(input, options), field);

const CHECKOUT: Deployment = {
  source: 'argocd',
  external_id: 'argocd/checkout/9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665/2026-03-06T10:41:37Z',
  service: 'checkout',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-06T10:41:37Z',
  started_at: '2026-03-06T10:40:02Z',
  repository: 'acme/checkout',
  repository_url: 'https://github.com/acme/checkout',
  commit: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665',
};

test('on-deployed is a successful deployment of the synced commit', () => {
  assert.deepEqual(run(delivery(body('on-deployed'))), {
    events: { changes: [], deployments: [CHECKOUT], incidents: [], artifacts: [] },
    reasons: [],
  });
});

test('on-sync-failed is a failed deployment; without an environment the destination namespace is one', () => {
  assert.deepEqual(deployments(delivery(body('on-sync-failed'))), [
    {
      source: 'argocd',
      external_id: 'argocd/inventory-api/41d8c3e0b7a6f5e4d3c2b1a09f8e7d6c5b4a3921/2026-03-06T16:03:51Z',
      service: 'inventory-api',
      environment: 'inventory',
      status: 'failure',
      finished_at: '2026-03-06T16:03:51Z',
      started_at: '2026-03-06T16:02:15Z',
      repository: 'acme/inventory',
      commit: '41d8c3e0b7a6f5e4d3c2b1a09f8e7d6c5b4a3921',
    },
  ]);
});

test('a Helm chart revision is a version, with neither commit nor repository', () => {
  assert.deepEqual(deployments(delivery(body('helm-chart'))), [
    {
      source: 'argocd',
      external_id: 'argocd/redis-cache/19.6.4/2026-03-07T08:15:44Z',
      service: 'redis-cache',
      environment: 'staging',
      status: 'success',
      finished_at: '2026-03-07T08:15:44Z',
      started_at: '2026-03-07T08:15:00Z',
      version: '19.6.4',
    },
  ]);
});

test('a multi-source application is deployed at its first source synced from Git', () => {
  assert.deepEqual(deployments(delivery(body('multi-source'))), [
    {
      source: 'argocd',
      external_id: 'apps/payments/86f7e437faa5a7fce15d1ddcb9eaeaea377667b8/2026-03-07T09:01:10Z',
      service: 'payments',
      environment: 'production',
      status: 'success',
      finished_at: '2026-03-07T09:01:10Z',
      started_at: '2026-03-07T09:00:05Z',
      repository: 'acme/payments-config',
      repository_url: 'https://github.com/acme/payments-config',
      commit: '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8',
    },
  ]);
  const charts = withFields('multi-source', { revisions: ['4.2.0', '1.0.1'] });
  assert.equal(deployments(charts)[0]?.version, '4.2.0');
});

test('services map applications, by qualified name first; the body environment beats the option', () => {
  const options = {
    services: { 'argocd/checkout': 'checkout-api', checkout: 'other' },
    environment: 'prod-eu',
  };
  assert.equal(deployments(delivery(body('on-deployed')), options)[0]?.service, 'checkout-api');
  assert.equal(
    deployments(delivery(body('on-deployed')), { services: { checkout: 'shop' } })[0]?.service,
    'shop',
  );
  assert.equal(deployments(delivery(body('on-deployed')), options)[0]?.environment, 'production');
  assert.equal(deployments(delivery(body('on-sync-failed')), options)[0]?.environment, 'prod-eu');
  assert.equal(deployments(delivery(body('on-deployed')), { services: {} })[0]?.service, 'checkout');
  const odd = withFields('on-deployed', { app: 'constructor', appNamespace: undefined });
  assert.equal(deployments(odd, { services: {} })[0]?.service, 'constructor');
});

test('Git shas are lower-cased; an application without a namespace keys by its name', () => {
  const upper = withFields('on-deployed', {
    revision: '9F3C2A1B7E4D8C6A5B0F1E2D3C4B5A6978877665',
    appNamespace: '',
  });
  const [row] = deployments(upper);
  assert.equal(row?.commit, CHECKOUT.commit);
  assert.equal(row?.external_id, `checkout/9F3C2A1B7E4D8C6A5B0F1E2D3C4B5A6978877665/2026-03-06T10:41:37Z`);
});

test('other triggers give a reason and no rows', () => {
  const result = run(withFields('on-deployed', { trigger: 'on-sync-running' }));
  assert.deepEqual(result.events.deployments, []);
  assert.equal(result.reasons.length, 1);
  assert.match(result.reasons[0] ?? '', /on-sync-running/);
});

test('a body the template would not render is refused, naming the field', () => {
  rejectsWith(delivery('{"trigger": '), 'body');
  rejectsWith(delivery([body('on-deployed')]), 'body');
  rejectsWith(withFields('on-deployed', { trigger: undefined }), 'trigger');
  rejectsWith(withFields('on-deployed', { app: '' }), 'app');
  rejectsWith(withFields('on-deployed', { finishedAt: '' }), 'finishedAt');
  rejectsWith(withFields('on-deployed', { finishedAt: '2026-03-06 10:41' }), 'finishedAt');
  rejectsWith(withFields('on-deployed', { startedAt: 1772793602 }), 'startedAt');
  rejectsWith(withFields('on-sync-failed', { namespace: '' }), 'environment');
});

test('the delivery id is the body: a retry is a duplicate, another notification is not', () => {
  const first = argocdAdapter.deliveryId(delivery(body('on-deployed')));
  assert.match(first ?? '', /^sha256:[0-9a-f]{32}$/);
  assert.equal(argocdAdapter.deliveryId(delivery(body('on-deployed'))), first);
  assert.notEqual(argocdAdapter.deliveryId(delivery(body('on-sync-failed'))), first);
});

test('every fixture maps the same way twice', () => {
  for (const name of FIXTURES) {
    assert.deepEqual(run(delivery(body(name))), run(delivery(body(name))), name);
    assert.equal(run(delivery(body(name))).events.deployments.length, 1, name);
  }
});

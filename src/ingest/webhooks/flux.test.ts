import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Deployment } from '../../model/events.ts';
import { fluxAdapter, parseRevision, type FluxOptions } from './flux.ts';
import type { WebhookDelivery } from './webhook.ts';
import { assertInvalidField, REPOSITORY_NAME_CONTEXT } from '../../../test/helpers/webhook-delivery.ts';

type Event = Record<string, unknown> & {
  involvedObject: Record<string, unknown>;
  metadata: Record<string, string>;
};

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/webhooks/flux/${name}.json`, import.meta.url), 'utf8'),
  ) as {
    headers: Record<string, string>;
    body: Event;
  };

const delivery = (payload: unknown, headers: Record<string, string> = {}): WebhookDelivery => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  params: {},
  receivedAt: '2026-03-07T12:00:00Z',
});

const load = (name: string) => delivery(fixture(name).body, fixture(name).headers);

/** The fixture's event with fields replaced; `metadata` replaces the whole map. */
const withEvent = (name: string, changes: Record<string, unknown>) =>
  delivery({ ...fixture(name).body, ...changes });

const KUSTOMIZATION = 'kustomization-reconciliation-succeeded';
const run = (input: WebhookDelivery, options: FluxOptions = {}) =>
  fluxAdapter.map(input, options, REPOSITORY_NAME_CONTEXT);
const deployments = (input: WebhookDelivery, options: FluxOptions = {}) =>
  run(input, options).events.deployments;

const rejectsWith = (input: WebhookDelivery, field: string, options: FluxOptions = {}) =>
  assertInvalidField(() => run(input, options), field);

const CHECKOUT: Deployment = {
  source: 'flux',
  external_id:
    'Kustomization/flux-system/checkout/main@sha1:9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665/ReconciliationSucceeded',
  service: 'checkout',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-06T10:41:37Z',
  commit: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665',
};

test('a Kustomization that reconciled a Git revision is a successful deployment of its commit', () => {
  assert.deepEqual(run(load(KUSTOMIZATION)), {
    events: { changes: [], deployments: [CHECKOUT], incidents: [], artifacts: [] },
    reasons: [],
  });
});

test('a failed HelmRelease upgrade is a failed deployment of the chart version and values', () => {
  assert.deepEqual(deployments(load('helmrelease-upgrade-failed')), [
    {
      source: 'flux',
      external_id:
        'HelmRelease/apps/podinfo/6.5.4+sha256:89445ea08b55421faa49919a5fd272e9a520f701b479d6084847e161ca5b7711/UpgradeFailed',
      service: 'podinfo',
      environment: 'staging',
      status: 'failure',
      finished_at: '2026-03-06T16:03:51Z',
      version: '6.5.4',
    },
  ]);
});

test('a rollback is a deployment of kind rollback', () => {
  const event = {
    ...fixture('helmrelease-upgrade-failed').body,
    severity: 'info',
    reason: 'RollbackSucceeded',
  };
  assert.deepEqual(
    deployments(delivery(event)).map(({ status, kind }) => ({ status, kind })),
    [{ status: 'success', kind: 'rollback' }],
  );
});

test('source objects and progress events give a reason and no rows', () => {
  for (const name of ['gitrepository-new-artifact', 'kustomization-progressing']) {
    const result = run(load(name));
    assert.deepEqual(result.events.deployments, [], name);
    assert.equal(result.reasons.length, 1, name);
  }
  assert.match(run(load('gitrepository-new-artifact')).reasons[0] ?? '', /GitRepository/);
  assert.match(run(load('kustomization-progressing')).reasons[0] ?? '', /Progressing/);
});

test('a success reason counts only at severity info, a failure reason only at error', () => {
  assert.equal(run(withEvent(KUSTOMIZATION, { severity: 'error' })).reasons.length, 1);
  assert.equal(run(withEvent('helmrelease-upgrade-failed', { severity: 'info' })).reasons.length, 1);
  const failed = withEvent(KUSTOMIZATION, { severity: 'error', reason: 'HealthCheckFailed' });
  assert.equal(deployments(failed)[0]?.status, 'failure');
  assert.equal(
    deployments(failed)[0]?.external_id,
    CHECKOUT.external_id.replace('ReconciliationSucceeded', 'HealthCheckFailed'),
  );
});

test('the reasons that end an apply can be configured', () => {
  const options = { successReasons: ['Progressing'], failureReasons: [] };
  assert.equal(deployments(load('kustomization-progressing'), options)[0]?.status, 'success');
  assert.equal(run(load(KUSTOMIZATION), options).reasons.length, 1);
  assert.equal(run(load('helmrelease-upgrade-failed'), options).reasons.length, 1);
});

test('revisions: a Git sha is the commit, a tag also the version, anything else the version', () => {
  const sha = '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665';
  const cases: [string | undefined, string | undefined, ReturnType<typeof parseRevision>][] = [
    [`main@sha1:${sha}`, undefined, { commit: sha, version: undefined }],
    [`v1.4.0@sha1:${sha.toUpperCase()}`, undefined, { commit: sha, version: 'v1.4.0' }],
    [`sha1:${sha}`, undefined, { commit: sha, version: undefined }],
    [`main/${sha}`, undefined, { commit: sha, version: undefined }],
    [
      `latest@sha256:${'ab'.repeat(32)}`,
      `main@sha1:${sha}`,
      { commit: sha, version: `latest@sha256:${'ab'.repeat(32)}` },
    ],
    [`sha256:${'cd'.repeat(32)}`, undefined, { commit: undefined, version: `sha256:${'cd'.repeat(32)}` }],
    ['6.5.4', undefined, { commit: undefined, version: '6.5.4' }],
    [undefined, undefined, {}],
  ];
  for (const [revision, origin, expected] of cases)
    assert.deepEqual(parseRevision(revision, origin), expected, revision);
});

test('metadata keys are read with their group, without it (older controllers) and from annotations', () => {
  const sha = '84a516841ba77a5b4648de2cd0dfcb30ea46dbb4';
  const bare = withEvent(KUSTOMIZATION, { metadata: { revision: `main/${sha}`, environment: 'qa' } });
  assert.deepEqual(
    deployments(bare).map(({ commit, environment }) => ({ commit, environment })),
    [{ commit: sha, environment: 'qa' }],
  );
  const oci = withEvent(KUSTOMIZATION, {
    metadata: {
      'kustomize.toolkit.fluxcd.io/revision': 'v2.1.0@sha256:' + 'ef'.repeat(32),
      'kustomize.toolkit.fluxcd.io/originRevision': `main@sha1:${sha}`,
      'event.toolkit.fluxcd.io/environment': 'production-eu',
    },
  });
  assert.deepEqual(
    deployments(oci).map(({ commit, version, environment }) => ({ commit, version, environment })),
    [{ commit: sha, version: 'v2.1.0@sha256:' + 'ef'.repeat(32), environment: 'production-eu' }],
  );
});

test('the environment: the metadata key, then the option, then the namespace', () => {
  const cluster = withEvent(KUSTOMIZATION, {
    metadata: { ...fixture(KUSTOMIZATION).body.metadata, cluster: 'prod-eu-1' },
  });
  assert.equal(deployments(cluster, { environmentMetadataKey: 'cluster' })[0]?.environment, 'prod-eu-1');
  const none = withEvent(KUSTOMIZATION, { metadata: {} });
  assert.equal(deployments(none, { environment: 'production' })[0]?.environment, 'production');
  assert.equal(deployments(none)[0]?.environment, 'flux-system');
  assert.equal(
    deployments(none)[0]?.external_id,
    'Kustomization/flux-system/checkout//ReconciliationSucceeded',
  );
  const nowhere = withEvent(KUSTOMIZATION, {
    metadata: {},
    involvedObject: { ...fixture(KUSTOMIZATION).body.involvedObject, namespace: undefined },
  });
  rejectsWith(nowhere, 'metadata.environment');
});

test('services map objects, by namespace/name first', () => {
  assert.equal(deployments(load(KUSTOMIZATION), { services: { checkout: 'shop' } })[0]?.service, 'shop');
  const options = { services: { 'flux-system/checkout': 'checkout-api', checkout: 'shop' } };
  assert.equal(deployments(load(KUSTOMIZATION), options)[0]?.service, 'checkout-api');
  assert.equal(deployments(load(KUSTOMIZATION), { services: { toString: 'x' } })[0]?.service, 'checkout');
});

test('an event it maps without its object, name or time is refused, naming the field', () => {
  rejectsWith(delivery('not json'), 'body');
  rejectsWith(delivery('"Kustomization"'), 'body');
  rejectsWith(withEvent(KUSTOMIZATION, { involvedObject: 'checkout' }), 'involvedObject');
  const unnamed = { ...fixture(KUSTOMIZATION).body.involvedObject, name: '' };
  rejectsWith(withEvent(KUSTOMIZATION, { involvedObject: unnamed }), 'involvedObject.name');
  rejectsWith(withEvent(KUSTOMIZATION, { timestamp: undefined }), 'timestamp');
  rejectsWith(withEvent(KUSTOMIZATION, { timestamp: 'yesterday' }), 'timestamp');
});

test('Flux events have no delivery id, and map the same way twice', () => {
  assert.equal(fluxAdapter.deliveryId(load(KUSTOMIZATION)), null);
  for (const name of [KUSTOMIZATION, 'helmrelease-upgrade-failed', 'gitrepository-new-artifact']) {
    assert.deepEqual(run(load(name)), run(load(name)), name);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { fixture } from '../../../test/helpers/cloudevent-fixture.ts';
import type { CloudEvent, Mapped } from '../cloudevents/event.ts';
import { knativeTransformer, type KnativeOptions } from './knative.ts';

/** A structured-mode fixture split the way the receiver splits it: attributes, data, extensions. */

/** The fixture with the value at `path` (from the event root) replaced, or deleted when undefined. */
function edited(name: string, ...edits: [path: (string | number)[], value: unknown][]): CloudEvent {
  const event = fixture(name);
  for (const [path, value] of edits) {
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], event) as Record<
      string | number,
      unknown
    >;
    const key = path[path.length - 1] ?? '';
    if (value === undefined) delete parent[key];
    else parent[key] = value;
  }
  return event;
}

const run = (event: CloudEvent, options: KnativeOptions = {}) => knativeTransformer(options)(event);

const deployments = (mapped: Mapped) => {
  assert.ok('events' in mapped, `expected rows, got ${JSON.stringify(mapped)}`);
  return mapped.events.deployments;
};

async function rejectsWith(event: CloudEvent, field: string, options: KnativeOptions = {}) {
  await assert.rejects(
    async () => run(event, options),
    (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'invalid_payload');
      assert.equal(error.field, field);
      return true;
    },
  );
}

const CHECKOUT = {
  source: 'knative',
  external_id: 'b3f1c7d2-5e8a-4a90-9c61-2d7e0f4a8b13/5',
  service: 'checkout',
  environment: 'shop-prod',
  status: 'success',
  // The Progressing condition's lastUpdateTime, not the event time 14:07:12.884.
  finished_at: '2026-03-02T14:07:12Z',
  version: '1.14.2',
  commit: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665',
  repository: 'acme/checkout',
  team: 'payments',
  application: 'shop',
};

test('a completed Deployment rollout is a successful deployment', async () => {
  assert.deepEqual(await run(fixture('knative-deployment-complete')), {
    events: { changes: [], deployments: [CHECKOUT], incidents: [], artifacts: [] },
  });
});

test('a Deployment past its progress deadline is a failed deployment of the new revision', async () => {
  assert.deepEqual(deployments(await run(fixture('knative-deployment-deadline-exceeded'))), [
    {
      ...CHECKOUT,
      external_id: 'b3f1c7d2-5e8a-4a90-9c61-2d7e0f4a8b13/6',
      status: 'failure',
      finished_at: '2026-03-04T10:20:33Z',
      version: '1.15.0',
      commit: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
    },
  ]);
});

test('a rollout still going is ignored', async () => {
  assert.deepEqual(await run(fixture('knative-deployment-progressing')), {
    ignored: 'rollout in progress: replicas being updated',
  });
  const unobserved = edited('knative-deployment-complete', [['data', 'metadata', 'generation'], 8]);
  assert.deepEqual(await run(unobserved), { ignored: 'rollout in progress: spec update not observed yet' });
  const terminating = edited('knative-deployment-complete', [['data', 'status', 'replicas'], 4]);
  assert.deepEqual(await run(terminating), { ignored: 'rollout in progress: old replicas terminating' });
  const paused = edited('knative-deployment-complete', [['data', 'spec', 'paused'], true]);
  assert.deepEqual(await run(paused), { ignored: 'deployment is paused' });
});

test('scaling bumps the generation but not the revision, so it is the same deployment', async () => {
  const scaled = edited(
    'knative-deployment-complete',
    [['data', 'metadata', 'generation'], 8],
    [['data', 'status', 'observedGeneration'], 8],
    [['data', 'spec', 'replicas'], 5],
    [['data', 'status', 'replicas'], 5],
    [['data', 'status', 'updatedReplicas'], 5],
    [['data', 'status', 'availableReplicas'], 5],
  );
  assert.equal(deployments(await run(scaled))[0]?.external_id, CHECKOUT.external_id);
});

test('Reference mode, deletions and other kinds are ignored with a reason', async () => {
  const reference = await run(fixture('knative-ref-update'));
  assert.ok('ignored' in reference);
  assert.match(reference.ignored, /Reference mode/);
  const deleted = {
    ...fixture('knative-deployment-complete'),
    type: 'dev.knative.apiserver.resource.delete',
  };
  assert.deepEqual(await run(deleted), { ignored: 'a deleted object is not a deployment' });
  assert.deepEqual(await run(fixture('knative-statefulset-complete'), { kinds: ['Deployment'] }), {
    ignored: 'apps/v1 StatefulSet is not one of the watched kinds (apps/v1 Deployment)',
  });
  const pod = edited(
    'knative-deployment-complete',
    [['data', 'apiVersion'], 'v1'],
    [['data', 'kind'], 'Pod'],
  );
  assert.match(((await run(pod)) as { ignored: string }).ignored, /v1 Pod is not one of the watched kinds/);
});

test('a StatefulSet takes Keptn keys before app.kubernetes.io ones and finishes at the event time', async () => {
  assert.deepEqual(deployments(await run(fixture('knative-statefulset-complete'))), [
    {
      source: 'knative',
      external_id: '5d2c8e1f-7a3b-4f6d-a0c9-e4b1f8d3a726/ledger-84d9c6f7b5',
      service: 'ledger',
      environment: 'finance',
      status: 'success',
      finished_at: '2026-03-05T16:44:09.551208334Z',
      version: '4.2.0',
      repository: 'acme/ledger',
      team: 'core-banking',
      application: 'payments',
    },
  ]);
});

test('without version keys the version is the image tag, or its digest when it has none', async () => {
  const untagged = edited('knative-statefulset-complete', [
    ['data', 'spec', 'template', 'metadata', 'annotations', 'keptn.sh/version'],
    undefined,
  ]);
  assert.equal(
    deployments(await run(untagged))[0]?.version,
    'sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
  );
  const envoy = edited(
    'knative-deployment-complete',
    [['data', 'spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/version'], undefined],
    [['data', 'spec', 'template', 'metadata', 'annotations', 'keptn.sh/container'], 'envoy'],
  );
  assert.equal(deployments(await run(envoy))[0]?.version, 'v1.29.1');
});

test('a partitioned StatefulSet waits for its updated replicas; OnDelete has no rollout', async () => {
  const partial = edited('knative-statefulset-complete', [['data', 'status', 'updatedReplicas'], 1]);
  assert.deepEqual(await run(partial), {
    ignored: 'rollout in progress: partitioned replicas being updated',
  });
  const onDelete = edited('knative-statefulset-complete', [
    ['data', 'spec', 'updateStrategy'],
    { type: 'OnDelete' },
  ]);
  assert.deepEqual(await run(onDelete), { ignored: 'OnDelete update strategy has no rollout' });
});

test('an object already rolled out when first listed counts only if it says when it finished', async () => {
  const listed = { ...fixture('knative-statefulset-complete'), type: 'dev.knative.apiserver.resource.add' };
  assert.deepEqual(await run(listed), {
    ignored: 'StatefulSet already rolled out when first seen; its finish time is unknown',
  });
  const deployment = {
    ...fixture('knative-deployment-complete'),
    type: 'dev.knative.apiserver.resource.add',
  };
  assert.deepEqual(deployments(await run(deployment)), [CHECKOUT]);
});

test('a DaemonSet whose pods are all updated and available is deployed', async () => {
  const daemonSet = edited(
    'knative-statefulset-complete',
    [['data', 'kind'], 'DaemonSet'],
    [['data', 'metadata', 'annotations'], { 'deprecated.daemonset.template.generation': '4' }],
    [['data', 'spec', 'updateStrategy'], { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }],
    [
      ['data', 'status'],
      { observedGeneration: 12, desiredNumberScheduled: 6, updatedNumberScheduled: 6, numberAvailable: 6 },
    ],
  );
  assert.equal(deployments(await run(daemonSet))[0]?.external_id, '5d2c8e1f-7a3b-4f6d-a0c9-e4b1f8d3a726/4');
  const rolling = edited(
    'knative-statefulset-complete',
    [['data', 'kind'], 'DaemonSet'],
    [
      ['data', 'status'],
      { observedGeneration: 12, desiredNumberScheduled: 6, updatedNumberScheduled: 2, numberAvailable: 6 },
    ],
  );
  assert.deepEqual(await run(rolling), { ignored: 'rollout in progress: pods being updated' });
});

test('the environment is the namespace, a fixed name, or a label', async () => {
  const event = fixture('knative-deployment-complete');
  assert.equal(deployments(await run(event, { environment: 'production' }))[0]?.environment, 'production');
  assert.equal(deployments(await run(event, { environmentFrom: 'label:team' }))[0]?.environment, 'payments');
  await rejectsWith(event, 'data.metadata.labels.env', { environmentFrom: 'label:env' });
});

test('options choose the identity keys', async () => {
  const options: KnativeOptions = {
    serviceKeys: ['app.kubernetes.io/part-of'],
    versionKeys: [],
    applicationKeys: [],
    commitKeys: [],
    repositoryKeys: [],
    teamKey: 'app.kubernetes.io/name',
  };
  assert.deepEqual(deployments(await run(fixture('knative-deployment-complete'), options)), [
    {
      source: 'knative',
      external_id: 'b3f1c7d2-5e8a-4a90-9c61-2d7e0f4a8b13/5',
      service: 'shop',
      environment: 'shop-prod',
      status: 'success',
      finished_at: '2026-03-02T14:07:12Z',
      version: '1.14.2',
      team: 'checkout',
    },
  ]);
});

test('a missing uid, or no finish time anywhere, is an invalid payload naming the field', async () => {
  await rejectsWith(
    edited('knative-deployment-complete', [['data', 'metadata', 'uid'], undefined]),
    'data.metadata.uid',
  );
  await rejectsWith(edited('knative-statefulset-complete', [['time'], undefined]), 'time');
  await rejectsWith(
    edited('knative-deployment-complete', [['data', 'status', 'conditions', 1, 'lastUpdateTime'], 'soon']),
    'data.status.conditions[1].lastUpdateTime',
  );
  await rejectsWith({ ...fixture('knative-deployment-complete'), data: undefined }, 'data');
});

test('replaying an event gives the same row', async () => {
  const event = fixture('knative-deployment-deadline-exceeded');
  assert.deepEqual(await run(event), await run(structuredClone(event)));
});

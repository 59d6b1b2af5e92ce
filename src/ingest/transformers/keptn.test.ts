import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { fixture } from '../../../test/helpers/cloudevent-fixture.ts';
import type { CloudEvent, Mapped } from '../cloudevents/event.ts';
import { keptnTransformer, type KeptnOptions } from './keptn.ts';

/** A structured-mode fixture split the way the receiver splits it: attributes, data, extensions. */

const withData = (event: CloudEvent, changes: Record<string, unknown>): CloudEvent => ({
  ...event,
  data: { ...(event.data as Record<string, unknown>), ...changes },
});

const run = (event: CloudEvent, options: KeptnOptions = {}) => keptnTransformer(options)(event);

const deployments = (mapped: Mapped) => {
  assert.ok('events' in mapped, `expected rows, got ${JSON.stringify(mapped)}`);
  return mapped.events.deployments;
};

async function rejectsWith(event: CloudEvent, field: string) {
  await assert.rejects(
    async () => run(event),
    (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'invalid_payload');
      assert.equal(error.field, field);
      return true;
    },
  );
}

const CARTS = {
  source: 'keptn',
  external_id: 'a4e1c0b7-93f2-4d6e-8b15-c7d2e9f0a361/production/deployment',
  service: 'carts',
  environment: 'production',
  status: 'success',
  finished_at: '2023-05-10T09:31:44.812Z',
  version: '0.13.4',
  // From data.labels: data.deployment.gitCommit is the configuration repository's commit.
  commit: 'c1a9e3f04b7d2e6a8f1c5b9d3e7a0f2c4b6d8e1a',
  repository: 'acme/carts',
  team: 'checkout-squad',
  application: 'sockshop',
};

test('a succeeded deployment.finished is a successful deployment to the stage', async () => {
  assert.deepEqual(await run(fixture('keptn-deployment-finished')), {
    events: { changes: [], deployments: [CARTS], incidents: [], artifacts: [] },
  });
});

test('an errored deployment.finished is a failed deployment', async () => {
  assert.deepEqual(deployments(await run(fixture('keptn-deployment-finished-errored'))), [
    {
      source: 'keptn',
      external_id: '0b9f8e7d-6c5b-4a39-8f21-d3c4b5a69788/staging/deployment',
      service: 'orders',
      environment: 'staging',
      status: 'failure',
      finished_at: '2023-05-11T15:02:09.340Z',
      application: 'sockshop',
    },
  ]);
});

test('status and result decide the outcome; neither succeeded nor failed is ignored', async () => {
  const event = fixture('keptn-deployment-finished');
  const statusOf = async (status: string, result: string) => {
    const mapped = await run(withData(event, { status, result }));
    return 'ignored' in mapped ? mapped.ignored : deployments(mapped)[0]?.status;
  };
  assert.equal(await statusOf('succeeded', 'warning'), 'success');
  assert.equal(await statusOf('succeeded', 'fail'), 'failure');
  assert.equal(await statusOf('errored', 'pass'), 'failure');
  assert.equal(await statusOf('unknown', 'pass'), 'deployment finished with status unknown and result pass');
  assert.equal(await statusOf('aborted', ''), 'deployment finished with status aborted and result none');
});

test('sequence events, unfinished and other tasks are ignored with a reason', async () => {
  assert.deepEqual(await run(fixture('keptn-sequence-finished')), {
    ignored: 'sequence delivery in stage production: only the deploying task is counted',
  });
  const typed = (type: string) => run({ ...fixture('keptn-deployment-finished'), type });
  assert.deepEqual(await typed('sh.keptn.event.deployment.triggered'), {
    ignored: 'deployment task not finished',
  });
  assert.deepEqual(await typed('sh.keptn.event.deployment.started'), {
    ignored: 'deployment task not finished',
  });
  assert.deepEqual(await typed('sh.keptn.event.deployment.status.changed'), {
    ignored: 'a status change is not a finished task',
  });
  assert.deepEqual(await typed('sh.keptn.event.evaluation.finished'), {
    ignored: 'task evaluation does not match the deploying tasks (deployment)',
  });
  assert.deepEqual(await typed('sh.keptn.log.error'), {
    ignored: 'sh.keptn.log.error is not a Keptn v1 task event',
  });
});

test('Keptn Lifecycle Toolkit events are ignored: their payload is not documented', async () => {
  const toolkit: CloudEvent = {
    specversion: '1.0',
    id: '0f3c9a2e-5b7d-4e81-a6c4-2d9b7e1f3a50',
    source: 'keptn.sh',
    type: 'Workload Deployment.Finished',
    time: '2026-03-01T10:00:00Z',
    datacontenttype: 'application/json',
    data: {
      message:
        'Workload Deployment: has finished / Namespace: shop, Name: shop-checkout-1.14.2, Version: 1.14.2',
      type: 'Normal',
      version: '1.14.2',
      resource: {
        group: 'lifecycle.keptn.sh',
        kind: 'KeptnWorkloadVersion',
        version: 'v1',
        name: 'shop-checkout-1.14.2',
        namespace: 'shop',
      },
    },
    extensions: {},
  };
  const mapped = await run(toolkit);
  assert.ok('ignored' in mapped);
  assert.match(mapped.ignored, /Lifecycle Toolkit/);
});

test('custom deploying tasks are counted under their own name', async () => {
  const event = { ...fixture('keptn-deployment-finished'), type: 'sh.keptn.event.helm-rollout.finished' };
  assert.deepEqual(deployments(await run(event, { tasks: ['helm-*'] })), [
    { ...CARTS, external_id: 'a4e1c0b7-93f2-4d6e-8b15-c7d2e9f0a361/production/helm-rollout' },
  ]);
});

test('labels are read by the configured keys; a commit that is not a sha is left out', async () => {
  const event = withData(fixture('keptn-deployment-finished'), {
    labels: { gitsha: 'ca82a6dff817gc66f44342007202690a93763949', release: '2023.05.1', owner: 'sre' },
  });
  const options = {
    commitLabels: ['gitsha'],
    versionLabels: ['release'],
    repositoryLabels: [],
    teamLabel: 'owner',
  };
  assert.deepEqual(deployments(await run(event, options)), [
    {
      source: 'keptn',
      external_id: CARTS.external_id,
      service: 'carts',
      environment: 'production',
      status: 'success',
      finished_at: '2023-05-10T09:31:44.812Z',
      version: '2023.05.1',
      team: 'sre',
      application: 'sockshop',
    },
  ]);
});

test('without a Keptn context the event id is the deployment id', async () => {
  const event = fixture('keptn-deployment-finished');
  const extensions = Object.fromEntries(
    Object.entries(event.extensions).filter(([name]) => name !== 'shkeptncontext'),
  );
  assert.equal(
    deployments(await run({ ...event, extensions }))[0]?.external_id,
    '2f6c1e9a-7b3d-4c58-a0e4-9d1b5f7c3a82',
  );
});

test('a missing time, service, stage or payload is an invalid payload naming the field', async () => {
  const event = fixture('keptn-deployment-finished');
  await rejectsWith({ ...event, time: undefined }, 'time');
  await rejectsWith(withData(event, { service: '' }), 'data.service');
  await rejectsWith(withData(event, { stage: undefined }), 'data.stage');
  await rejectsWith({ ...event, data: 'not json' }, 'data');
});

test('replaying an event gives the same row', async () => {
  const event = fixture('keptn-deployment-finished');
  assert.deepEqual(await run(event), await run(structuredClone(event)));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { fixture } from '../../../test/helpers/cloudevent-fixture.ts';
import type { CloudEvent, Mapped } from '../cloudevents/event.ts';
import { tektonTransformer, type TektonOptions } from './tekton.ts';

/** A structured-mode fixture split the way the receiver splits it: attributes, data, extensions. */

/** The fixture with the value under `data.pipelineRun` at `path` replaced, or deleted when undefined. */
function edited(name: string, ...edits: [path: (string | number)[], value: unknown][]): CloudEvent {
  const event = fixture(name);
  for (const [path, value] of edits) {
    const parent = path
      .slice(0, -1)
      .reduce<unknown>(
        (node, key) => (node as Record<string | number, unknown>)[key],
        (event.data as Record<string, unknown>).pipelineRun,
      ) as Record<string | number, unknown>;
    const key = path[path.length - 1] ?? '';
    if (value === undefined) delete parent[key];
    else parent[key] = value;
  }
  return event;
}

const run = (event: CloudEvent, options: TektonOptions = {}) => tektonTransformer(options)(event);

async function rejectsWith(event: CloudEvent, field: string, options: TektonOptions = {}) {
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

const deployments = (mapped: Mapped) => {
  assert.ok('events' in mapped, `expected rows, got ${JSON.stringify(mapped)}`);
  return mapped.events.deployments;
};

const CHECKOUT = {
  source: 'tekton',
  external_id: '7c1e4b0a-93d2-4f6e-b8a5-0d2f61c9e3a4',
  service: 'checkout',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-02T14:07:41Z',
  started_at: '2026-03-02T14:02:10Z',
  version: '1.14.2',
  // param:revision is `main`, not a sha, so param:git-revision wins, lower-cased.
  commit: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665',
  repository: 'acme/checkout',
  application: 'shop',
};

test('a successful deploy pipeline run is a successful deployment read from params and labels', async () => {
  const mapped = await run(fixture('tekton-pipelinerun-successful'));
  assert.deepEqual(mapped, {
    events: { changes: [], deployments: [CHECKOUT], incidents: [], artifacts: [] },
  });
});

test('a failed release pipeline run is a failed deployment; Pipelines-as-Code labels give commit and repo', async () => {
  assert.deepEqual(deployments(await run(fixture('tekton-pipelinerun-failed'))), [
    {
      source: 'tekton',
      external_id: 'e4b7a1c9-0d3f-4e62-a5b8-c71f2e9d0a36',
      service: 'inventory-api',
      environment: 'staging',
      status: 'failure',
      finished_at: '2026-03-03T09:21:04Z',
      started_at: '2026-03-03T09:12:47Z',
      version: '2026.03.3',
      commit: '41d8c3e0b7a6f5e4d3c2b1a09f8e7d6c5b4a3921',
      repository: 'acme/inventory',
    },
  ]);
});

test('the same event maps to the same row every time, and v1 `results` read like v1beta1 `pipelineResults`', async () => {
  const first = await run(fixture('tekton-pipelinerun-successful'));
  assert.deepEqual(await run(fixture('tekton-pipelinerun-successful')), first);
  const results = (
    (fixture('tekton-pipelinerun-successful').data as Record<string, unknown>).pipelineRun as {
      status: { pipelineResults: unknown };
    }
  ).status.pipelineResults;
  const v1 = edited(
    'tekton-pipelinerun-successful',
    [['status', 'results'], results],
    [['status', 'pipelineResults'], undefined],
  );
  const options = { commitKeys: ['result:commit'] };
  assert.deepEqual(
    deployments(await run(v1, options)),
    deployments(await run(fixture('tekton-pipelinerun-successful'), options)),
  );
});

test('running, started and unknown pipeline runs are not finished', async () => {
  assert.deepEqual(await run(fixture('tekton-pipelinerun-running')), {
    ignored: 'pipeline run not finished',
  });
  for (const state of ['started', 'unknown']) {
    const event = {
      ...fixture('tekton-pipelinerun-running'),
      type: `dev.tekton.event.pipelinerun.${state}.v1`,
    };
    assert.deepEqual(await run(event), { ignored: 'pipeline run not finished' });
  }
});

test('task runs and custom runs are ignored with a reason', async () => {
  const mapped = await run(fixture('tekton-taskrun-successful'));
  assert.ok('ignored' in mapped);
  assert.match(mapped.ignored, /taskrun events are ignored/);
  const custom = await run({
    ...fixture('tekton-taskrun-successful'),
    type: 'dev.tekton.event.customrun.failed.v1',
  });
  assert.ok('ignored' in custom);
  assert.match(custom.ignored, /customrun/);
});

test('a pipeline that does not deploy is ignored, naming the pipeline', async () => {
  assert.deepEqual(await run(fixture('tekton-pipelinerun-successful'), { pipelines: ['prod-*'] }), {
    ignored: 'pipeline deploy-checkout does not match the deploying pipelines (prod-*)',
  });
  const unlabelled = edited(
    'tekton-pipelinerun-successful',
    [['metadata', 'labels', 'tekton.dev/pipeline'], undefined],
    [['spec', 'pipelineRef', 'name'], 'Ship-Checkout'],
  );
  assert.deepEqual(deployments(await run(unlabelled, { pipelines: ['ship-*'] })), [CHECKOUT]);
});

test('a cancelled run is ignored; a timed-out run is a failure', async () => {
  const cancelled = edited('tekton-pipelinerun-failed', [['status', 'conditions', 0, 'reason'], 'Cancelled']);
  assert.deepEqual(await run(cancelled), { ignored: 'pipeline run of inventory-release was cancelled' });
  const timedOut = edited('tekton-pipelinerun-failed', [
    ['status', 'conditions', 0, 'reason'],
    'PipelineRunTimeout',
  ]);
  assert.equal(deployments(await run(timedOut))[0]?.status, 'failure');
});

test('options choose where service, environment, commit and version are read', async () => {
  const options: TektonOptions = {
    serviceKeys: ['label:tekton.dev/pipeline'],
    environmentKeys: ['label:environment'],
    defaultEnvironment: 'prod-eu',
    commitKeys: ['result:commit'],
    versionKeys: ['result:image-digest'],
    repositoryKeys: [],
    applicationKeys: [],
  };
  assert.deepEqual(deployments(await run(fixture('tekton-pipelinerun-successful'), options)), [
    {
      source: 'tekton',
      external_id: '7c1e4b0a-93d2-4f6e-b8a5-0d2f61c9e3a4',
      service: 'deploy-checkout',
      environment: 'prod-eu',
      status: 'success',
      finished_at: '2026-03-02T14:07:41Z',
      started_at: '2026-03-02T14:02:10Z',
      version: 'sha256:4b0c3e8f1a2d5c6b7e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5',
      commit: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665',
    },
  ]);
});

test('without a uid the run is named by namespace and name', async () => {
  const event = edited('tekton-pipelinerun-successful', [['metadata', 'uid'], undefined]);
  assert.equal(deployments(await run(event))[0]?.external_id, 'payments-ci/deploy-checkout-run-7xk2p');
});

test('a missing service names the first field tried', async () => {
  const event = fixture('tekton-pipelinerun-successful');
  await rejectsWith(event, 'data.pipelineRun.spec.params', { serviceKeys: ['param:service'] });
  await rejectsWith(event, 'data.pipelineRun.metadata.labels["app.kubernetes.io/component"]', {
    serviceKeys: ['label:app.kubernetes.io/component', 'result:service'],
  });
});

test('a missing or malformed completion time, or a missing PipelineRun, is an invalid payload', async () => {
  const field = 'data.pipelineRun.status.completionTime';
  await rejectsWith(
    edited('tekton-pipelinerun-successful', [['status', 'completionTime'], undefined]),
    field,
  );
  await rejectsWith(
    edited('tekton-pipelinerun-successful', [['status', 'completionTime'], 'yesterday']),
    field,
  );
  await rejectsWith(
    { ...fixture('tekton-pipelinerun-successful'), data: { taskRun: {} } },
    'data.pipelineRun',
  );
});

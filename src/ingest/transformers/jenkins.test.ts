import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { fixture } from '../../../test/helpers/cloudevent-fixture.ts';
import type { CloudEvent, Mapped } from '../cloudevents/event.ts';
import { jenkinsTransformer, type JenkinsOptions } from './jenkins.ts';

/** A structured-mode fixture split the way the receiver splits it: attributes, data, extensions. */

/** The fixture with fields of `data.build` replaced. */
const withBuild = (name: string, changes: Record<string, unknown>): CloudEvent => {
  const event = fixture(name);
  const data = event.data as { build: Record<string, unknown> };
  return { ...event, data: { ...data, build: { ...data.build, ...changes } } };
};

const run = (event: CloudEvent, options: JenkinsOptions = {}) => jenkinsTransformer(options)(event);

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

const CHECKOUT = {
  source: 'jenkins',
  external_id: 'https://jenkins.acme.example/job/checkout-deploy/214/',
  service: 'checkout-deploy',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-06T11:42:17.403196+01:00',
  // 10:42:17.403Z less the build's 184 233 ms.
  started_at: '2026-03-06T10:39:13.170Z',
  version: '1.14.2',
  commit: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665',
  repository: 'acme/checkout',
};

test('a successful deploy job build is a successful deployment', async () => {
  assert.deepEqual(await run(fixture('jenkins-pipelinerun-finished')), {
    events: { changes: [], deployments: [CHECKOUT], incidents: [], artifacts: [] },
  });
});

test('a failed release job in a folder is a failed deployment of the mapped service', async () => {
  const options = { services: { 'platform » inventory-release': 'inventory-api' } };
  assert.deepEqual(deployments(await run(fixture('jenkins-pipelinerun-finished-failure'), options)), [
    {
      source: 'jenkins',
      external_id: 'https://jenkins.acme.example/job/platform/job/inventory-release/58/',
      service: 'inventory-api',
      environment: 'production',
      status: 'failure',
      finished_at: '2026-03-06T16:03:51.927455Z',
      started_at: '2026-03-06T16:02:15.517Z',
      commit: '41d8c3e0b7a6f5e4d3c2b1a09f8e7d6c5b4a3921',
      repository: 'acme/inventory',
    },
  ]);
  const unmapped = deployments(await run(fixture('jenkins-pipelinerun-finished-failure')));
  assert.equal(unmapped[0]?.service, 'platform » inventory-release');
});

test('unstable builds fail; aborted and not-built builds are not counted', async () => {
  const statusOf = async (status: string | null, outcome?: string) => {
    const event = withBuild('jenkins-pipelinerun-finished', { status });
    const mapped = await run(
      outcome === undefined ? event : { ...event, extensions: { ...event.extensions, outcome } },
    );
    return 'ignored' in mapped ? mapped.ignored : deployments(mapped)[0]?.status;
  };
  assert.equal(await statusOf('UNSTABLE'), 'failure');
  assert.equal(await statusOf('ABORTED'), 'build aborted: not counted as a deployment');
  assert.equal(await statusOf('NOT_BUILT'), 'build not_built: not counted as a deployment');
  assert.equal(await statusOf(null, 'success'), 'success');
  assert.equal(await statusOf(null, 'error'), 'failure');
  assert.equal(await statusOf(null, 'failure'), 'build has no result and outcome failure');
});

test('queued and started runs, stages and jobs that do not deploy are ignored with a reason', async () => {
  assert.deepEqual(await run(fixture('jenkins-pipelinerun-started')), {
    ignored: 'pipeline run not finished',
  });
  const queued = { ...fixture('jenkins-pipelinerun-started'), type: 'dev.cdevents.pipelinerun.queued.0.1.0' };
  assert.deepEqual(await run(queued), { ignored: 'pipeline run not finished' });
  assert.deepEqual(await run(fixture('jenkins-taskrun-finished')), {
    ignored: 'task runs are stages of a build; only whole builds are deployments',
  });
  assert.deepEqual(await run(fixture('jenkins-pipelinerun-finished'), { jobs: ['*-prod'] }), {
    ignored: 'job checkout-deploy does not match the deploying jobs (*-prod)',
  });
});

test('a CDEvents 0.1 body that shares the type is not mistaken for the plugin model', async () => {
  const event = {
    ...fixture('jenkins-pipelinerun-finished'),
    data: { context: { id: 'x' }, subject: { id: 'y', content: {} } },
  };
  assert.deepEqual(await run(event), { ignored: 'a CDEvents body, not the Jenkins plugin model' });
});

test('options fix the environment and choose the parameters read', async () => {
  const options: JenkinsOptions = { environment: 'staging', versionParameters: ['DRY_RUN'] };
  const [row] = deployments(await run(fixture('jenkins-pipelinerun-finished'), options));
  assert.equal(row?.environment, 'staging');
  assert.equal(row?.version, 'false');
  const byParameter = deployments(
    await run(withBuild('jenkins-pipelinerun-finished', { parameters: { DEPLOY_TO: 'eu-prod' } }), {
      environmentParameters: ['DEPLOY_TO'],
    }),
  );
  assert.equal(byParameter[0]?.environment, 'eu-prod');
  assert.equal(byParameter[0]?.version, undefined);
});

test('without a root URL the relative build URL, then job and number, identify the build', async () => {
  const relative = withBuild('jenkins-pipelinerun-finished', { fullUrl: null });
  assert.equal(deployments(await run(relative))[0]?.external_id, 'job/checkout-deploy/214/');
  const bare = withBuild('jenkins-pipelinerun-finished', { fullUrl: null, url: null });
  assert.equal(deployments(await run(bare))[0]?.external_id, 'checkout-deploy#214');
  await rejectsWith(
    withBuild('jenkins-pipelinerun-finished', { fullUrl: null, url: null, number: null }),
    'data.build.number',
  );
});

test('a missing time or build is an invalid payload naming the field', async () => {
  await rejectsWith({ ...fixture('jenkins-pipelinerun-finished'), time: undefined }, 'time');
  await rejectsWith(
    { ...fixture('jenkins-pipelinerun-finished'), data: { name: 'checkout-deploy' } },
    'data.build',
  );
});

test('replaying an event gives the same row', async () => {
  const event = fixture('jenkins-pipelinerun-finished-failure');
  assert.deepEqual(await run(event), await run(structuredClone(event)));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapGitLabFixture as map } from '../../../test/helpers/gitlab-fixture.ts';
import { assertInvalidField as throwsField } from '../../../test/helpers/webhook-delivery.ts';

const EMPTY = { changes: [], deployments: [], incidents: [], artifacts: [] };

/** A copy of `row` without `key`. */
function without<T extends object, K extends keyof T>(row: T, key: K): Omit<T, K> {
  const copy = { ...row };
  delete copy[key];
  return copy;
}
const REPOSITORY = 'acme/platform/checkout';
/** The fixtures' `project.web_url`: a self-hosted instance. */
const WEB_URL = 'https://gitlab.acme.example/acme/platform/checkout';
const SHA = 'a625406f6977d45c1391b078f4d3656e0b75bfcb';

const DEPLOYMENT = {
  source: 'gitlab',
  external_id: 'acme/platform/checkout/deployments/3307',
  service: 'checkout-api',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-02T12:32:18+02:00',
  commit: SHA,
  // The deploying job's page: the hook's deployable_url.
  url: `${WEB_URL}/-/jobs/884120`,
  repository: REPOSITORY,
  repository_url: WEB_URL,
  production: true,
};

test('a successful Deployment hook is a successful deployment, production by its tier', () => {
  assert.deepEqual(map('deployment-success'), {
    events: { ...EMPTY, deployments: [DEPLOYMENT] },
    reasons: [],
  });
});

test('a failed deployment is a failure; other tiers are not production; no tier leaves it open', () => {
  const failed = map('deployment-success', {
    status: 'failed',
    environment: 'review/retry-budget',
    environment_tier: 'development',
    status_changed_at: '2026-03-02 10:32:18 UTC',
  });
  assert.deepEqual(failed.events.deployments, [
    {
      ...DEPLOYMENT,
      environment: 'review/retry-budget',
      status: 'failure',
      finished_at: '2026-03-02T10:32:18Z',
      production: false,
    },
  ]);
  const untiered = without(DEPLOYMENT, 'production');
  assert.deepEqual(map('deployment-success', { environment_tier: undefined }).events.deployments, [untiered]);
  assert.deepEqual(map('deployment-success', { environment_tier: 'staging' }).events.deployments, [
    { ...DEPLOYMENT, production: false },
  ]);
});

test('the commit is the full sha ending commit_url, or none', () => {
  const withoutCommit = without(DEPLOYMENT, 'commit');
  for (const commit_url of [
    null,
    'https://gitlab.acme.example/acme/platform/checkout/-/commit/a625406f',
    'n/a',
  ]) {
    assert.deepEqual(
      map('deployment-success', { commit_url }).events.deployments,
      [withoutCommit],
      String(commit_url),
    );
  }
  const upper = map('deployment-success', {
    commit_url: `https://gitlab.acme.example/x/-/commit/${SHA.toUpperCase()}`,
  });
  assert.equal(upper.events.deployments[0]?.commit, SHA);
});

test('running, canceled and created deployments give a reason', () => {
  assert.deepEqual(map('deployment-running'), {
    events: EMPTY,
    reasons: ['gitlab: deployment 3307 is running: only success and failed count'],
  });
  for (const status of ['canceled', 'created', 'blocked']) {
    assert.deepEqual(map('deployment-success', { status }).reasons, [
      `gitlab: deployment 3307 is ${status}: only success and failed count`,
    ]);
  }
});

test('a finished deployment without id, environment or a readable time names the field', () => {
  throwsField(() => map('deployment-success', { deployment_id: undefined }), 'deployment_id');
  throwsField(() => map('deployment-success', { environment: '' }), 'environment');
  throwsField(() => map('deployment-success', { status_changed_at: undefined }), 'status_changed_at');
  throwsField(
    () => map('deployment-success', { status_changed_at: '2026-03-02 12:32:18' }),
    'status_changed_at',
  );
});

const PIPELINE = {
  source: 'gitlab',
  external_id: 'acme/platform/checkout/pipelines/91840',
  service: 'checkout-api',
  environment: 'production',
  status: 'success',
  started_at: '2026-03-02T10:05:40Z',
  finished_at: '2026-03-02T10:32:19Z',
  commit: SHA,
  url: `${WEB_URL}/-/pipelines/91840`,
  repository: REPOSITORY,
  repository_url: WEB_URL,
};

test('pipelines are no deployments unless deploymentPipelines names them', () => {
  assert.deepEqual(map('pipeline-success'), {
    events: EMPTY,
    reasons: [
      'gitlab: pipeline 91840 is not a deployment: no deploymentPipelines are set; Deployment hooks (environments in .gitlab-ci.yml) describe deployments better',
    ],
  });
  assert.deepEqual(map('pipeline-success', {}, { deploymentPipelines: ['release/*', 'nightly'] }).reasons, [
    'gitlab: pipeline 91840 is not a deployment: neither its name nor its ref matches deploymentPipelines (release/*, nightly); Deployment hooks (environments in .gitlab-ci.yml) describe deployments better',
  ]);
});

test('a finished pipeline matched by name or by ref is a deployment', () => {
  const byName = map('pipeline-success', {}, { deploymentPipelines: ['deploy *'] });
  assert.deepEqual(byName, { events: { ...EMPTY, deployments: [PIPELINE] }, reasons: [] });
  const byRef = map(
    'pipeline-success',
    { 'object_attributes.name': null },
    { deploymentPipelines: ['main'] },
  );
  assert.deepEqual(byRef.events.deployments, [PIPELINE]);
  const failed = map(
    'pipeline-success',
    { 'object_attributes.status': 'failed', 'object_attributes.created_at': undefined },
    { deploymentPipelines: ['main'], pipelineEnvironment: 'eu-prod' },
  );
  const unstarted = without(PIPELINE, 'started_at');
  assert.deepEqual(failed.events.deployments, [{ ...unstarted, environment: 'eu-prod', status: 'failure' }]);
});

test('unfinished or canceled matching pipelines give a reason; finished ones need their finish time', () => {
  const options = { deploymentPipelines: ['main'] };
  for (const status of ['running', 'pending', 'canceled', 'skipped', 'manual']) {
    assert.deepEqual(map('pipeline-success', { 'object_attributes.status': status }, options), {
      events: EMPTY,
      reasons: [`gitlab: pipeline 91840 is ${status}: only success and failed count`],
    });
  }
  throwsField(
    () => map('pipeline-success', { 'object_attributes.finished_at': null }, options),
    'object_attributes.finished_at',
  );
  throwsField(
    () => map('pipeline-success', { 'object_attributes.created_at': 'soon' }, options),
    'object_attributes.created_at',
  );
  throwsField(
    () => map('pipeline-success', { 'object_attributes.id': undefined }, options),
    'object_attributes.id',
  );
  throwsField(() => map('pipeline-success', { object_attributes: 'x' }, options), 'object_attributes');
});

const RELEASE = {
  source: 'gitlab',
  external_id: 'acme/platform/checkout/releases/v2.14.0',
  service: 'checkout-api',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-02T10:40:12Z',
  version: 'v2.14.0',
  commit: SHA,
  url: `${WEB_URL}/-/releases/v2.14.0`,
  repository: REPOSITORY,
  repository_url: WEB_URL,
};

test('releases are no deployments unless releasesAsDeployments is set', () => {
  assert.deepEqual(map('release-create'), {
    events: EMPTY,
    reasons: ['gitlab: releases are not deployments unless the releasesAsDeployments option is set'],
  });
});

test('with releasesAsDeployments a created release is a deployment at released_at', () => {
  const on = { releasesAsDeployments: true };
  assert.deepEqual(map('release-create', {}, on), {
    events: { ...EMPTY, deployments: [RELEASE] },
    reasons: [],
  });
  const staged = map('release-create', {}, { ...on, releaseEnvironment: 'staging' });
  assert.deepEqual(staged.events.deployments, [{ ...RELEASE, environment: 'staging' }]);
  for (const action of ['update', 'delete']) {
    assert.deepEqual(map('release-create', { action }, on).reasons, [
      `gitlab: release action "${action}" is not a deployment`,
    ]);
  }
});

test('an upcoming release (released after it was received) is not a deployment yet', () => {
  const upcoming = map(
    'release-create',
    { released_at: '2026-03-20 09:00:00 UTC' },
    { releasesAsDeployments: true },
  );
  assert.deepEqual(upcoming, {
    events: EMPTY,
    reasons: [
      'gitlab: release v2.14.0 is an upcoming release (released_at 2026-03-20T09:00:00Z): not a deployment yet',
    ],
  });
});

test('a created release without tag or time names the field', () => {
  const on = { releasesAsDeployments: true };
  throwsField(() => map('release-create', { tag: undefined }, on), 'tag');
  throwsField(() => map('release-create', { released_at: null }, on), 'released_at');
  throwsField(() => map('release-create', { released_at: '2026-03-02' }, on), 'released_at');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLES } from '../../../test/helpers/github-examples.ts';
import { createGitHubAdapter, type GitHubOptions } from './github.ts';
import {
  assertInvalidField,
  readWebhookFixture,
  withFields,
  type Json,
} from '../../../test/helpers/webhook-delivery.ts';

const adapter = createGitHubAdapter();
const SERVICES: Record<string, string> = { 'acme/checkout': 'checkout-api' };
const CONTEXT = {
  serviceForRepository: (repository: string) => SERVICES[repository] ?? repository.split('/').at(-1) ?? '',
};

type Payload = Json;
const example = (name: string, index: number): Payload =>
  EXAMPLES.find((group) => group.name === name)?.examples[index] ?? {};
const fixture = (name: string): Payload => readWebhookFixture('github', name).body;
const edit = withFields;
const map = (event: string, body: unknown, options: GitHubOptions = {}) =>
  adapter.map(
    { headers: { 'x-github-event': event }, body: JSON.stringify(body), params: {}, receivedAt: '' },
    options,
    CONTEXT,
  );
const deployments = (event: string, body: unknown, options: GitHubOptions = {}) =>
  map(event, body, options).events.deployments;
const reasons = (event: string, body: unknown, options: GitHubOptions = {}) => {
  const mapped = map(event, body, options);
  assert.deepEqual(mapped.events.deployments, []);
  return mapped.reasons;
};
const throwsOn = (field: string, event: string, body: unknown, options: GitHubOptions = {}) =>
  assertInvalidField(() => map(event, body, options), field);

const MERGE = '3f1c0a9e5d7b2c4e6f8a0b1c3d5e7f9a1b3c5d7e';
const HELLO_DEPLOYMENT = {
  source: 'github',
  external_id: 'Codertocat/Hello-World/deployments/145988746',
  service: 'Hello-World',
  environment: 'production',
  status: 'success',
  started_at: '2019-05-15T15:20:53Z',
  finished_at: '2019-05-15T15:20:55Z',
  repository: 'Codertocat/Hello-World',
  repository_url: 'https://github.com/Codertocat/Hello-World',
  commit: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
};

test('a successful deployment status is a successful deployment', () => {
  assert.deepEqual(deployments('deployment_status', example('deployment_status', 0)), [HELLO_DEPLOYMENT]);
  assert.deepEqual(deployments('deployment_status', fixture('deployment-status-success-production')), [
    {
      source: 'github',
      external_id: 'acme/checkout/deployments/2291877410',
      service: 'checkout-api',
      environment: 'production',
      status: 'success',
      started_at: '2026-03-03T14:18:02Z',
      finished_at: '2026-03-03T14:21:37Z',
      repository: 'acme/checkout',
      repository_url: 'https://github.com/acme/checkout',
      // The job Actions ran the deployment in.
      url: 'https://github.com/Codertocat/Hello-World/runs/128620228?check_suite_focus=true',
      commit: MERGE,
      production: true,
    },
  ]);
});

test('failure and error fail; other states are not final', () => {
  const stateOf = (state: string) =>
    edit(example('deployment_status', 0), { 'deployment_status.state': state });
  for (const state of ['failure', 'error', 'ERROR']) {
    assert.deepEqual(deployments('deployment_status', stateOf(state)), [
      { ...HELLO_DEPLOYMENT, status: 'failure' },
    ]);
  }
  for (const state of ['pending', 'queued', 'in_progress', 'waiting', 'inactive']) {
    assert.deepEqual(reasons('deployment_status', stateOf(state)), [
      `github: deployment 145988746 is ${state}, not finished (success, failure or error)`,
    ]);
  }
});

test('the status environment wins over the deployment environment', () => {
  const status = edit(example('deployment_status', 0), {
    'deployment_status.environment': undefined,
    'deployment.environment': 'staging',
    'deployment.production_environment': false,
  });
  const [deployment] = deployments('deployment_status', status);
  assert.deepEqual([deployment?.environment, deployment?.production], ['staging', false]);
  const renamed = edit(status, { 'deployment_status.environment': 'staging-eu' });
  assert.equal(deployments('deployment_status', renamed)[0]?.environment, 'staging-eu');
});

test('only a tag-like ref is a version: branches and shas are not', () => {
  const versionOf = (ref: string) =>
    deployments('deployment_status', edit(example('deployment_status', 0), { 'deployment.ref': ref }))[0]
      ?.version;
  assert.equal(versionOf('v2.14.0'), 'v2.14.0');
  assert.equal(versionOf('2026.03.1'), '2026.03.1');
  assert.equal(versionOf('main'), undefined);
  assert.equal(versionOf('release/2.14'), undefined);
  assert.equal(versionOf('F95F852BD8FCA8FCC58A9A2D6C842781E32A215E'), undefined);
  assert.equal(versionOf('1a2b3c4'), undefined);
});

test('a deployment status missing what a deployment needs names the field', () => {
  const status = example('deployment_status', 0);
  throwsOn('deployment.sha', 'deployment_status', edit(status, { 'deployment.sha': 'main' }));
  throwsOn('deployment.id', 'deployment_status', edit(status, { 'deployment.id': undefined }));
  throwsOn('repository.full_name', 'deployment_status', edit(status, { repository: undefined }));
  throwsOn(
    'deployment_status.created_at',
    'deployment_status',
    edit(status, { 'deployment_status.created_at': 1 }),
  );
  throwsOn('deployment_status.state', 'deployment_status', edit(status, { 'deployment_status.state': null }));
  throwsOn(
    'deployment.environment',
    'deployment_status',
    edit(status, { 'deployment_status.environment': undefined, 'deployment.environment': undefined }),
  );
});

test('a created deployment waits for its status', () => {
  assert.deepEqual(reasons('deployment', example('deployment', 0)), [
    'github: deployment 145988746 to production created, waiting for its deployment_status',
  ]);
});

const DEPLOY_RUN = {
  source: 'github',
  external_id: 'acme/checkout/actions/runs/13654987012/attempts/1',
  service: 'checkout-api',
  environment: 'production',
  status: 'success',
  started_at: '2026-03-03T14:02:20Z',
  finished_at: '2026-03-03T14:24:05Z',
  repository: 'acme/checkout',
  repository_url: 'https://github.com/acme/checkout',
  url: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
  commit: MERGE,
};

test('a completed run of a deployment workflow is a deployment, matched by name, path or file', () => {
  const run = fixture('workflow-run-deploy-success');
  for (const glob of ['deploy', '*DEPLOY*', '.github/workflows/deploy.yml', 'deploy.y*ml']) {
    assert.deepEqual(deployments('workflow_run', run, { deploymentWorkflows: [glob] }), [DEPLOY_RUN], glob);
  }
  const options = { deploymentWorkflows: ['Deploy'], workflowEnvironment: 'prod-eu' };
  assert.deepEqual(deployments('workflow_run', edit(run, { 'workflow_run.run_attempt': 2 }), options), [
    {
      ...DEPLOY_RUN,
      environment: 'prod-eu',
      external_id: 'acme/checkout/actions/runs/13654987012/attempts/2',
    },
  ]);
  assert.equal(
    deployments('workflow_run', example('workflow_run', 1), { deploymentWorkflows: ['test.yml'] })[0]
      ?.external_id,
    'octo-org/octo-repo/actions/runs/289782451/attempts/1',
  );
});

test('other workflows, unfinished runs and undecided conclusions give a reason', () => {
  const run = fixture('workflow-run-deploy-success');
  assert.deepEqual(reasons('workflow_run', run), [
    'github: workflow "Deploy" is not a deployment workflow (option deploymentWorkflows: none)',
  ]);
  assert.deepEqual(reasons('workflow_run', run, { deploymentWorkflows: ['release', 'ship*'] }), [
    'github: workflow "Deploy" is not a deployment workflow (option deploymentWorkflows: release, ship*)',
  ]);
  assert.deepEqual(reasons('workflow_run', example('workflow_run', 3), { deploymentWorkflows: ['**'] }), [
    'github: workflow_run action "requested": only completed runs can be deployments',
  ]);
  const options = { deploymentWorkflows: ['deploy'] };
  const concluded = (conclusion: string | null) => edit(run, { 'workflow_run.conclusion': conclusion });
  for (const conclusion of ['failure', 'timed_out', 'startup_failure']) {
    assert.equal(deployments('workflow_run', concluded(conclusion), options)[0]?.status, 'failure');
  }
  for (const conclusion of ['cancelled', 'skipped', 'neutral', 'action_required', 'stale']) {
    assert.deepEqual(reasons('workflow_run', concluded(conclusion), options), [
      `github: workflow "Deploy" concluded ${conclusion}: not counted as a deployment`,
    ]);
  }
  assert.deepEqual(reasons('workflow_run', concluded(null), options), [
    'github: workflow "Deploy" has no conclusion: not counted as a deployment',
  ]);
  throwsOn(
    'workflow_run.head_sha',
    'workflow_run',
    edit(run, { 'workflow_run.head_sha': undefined }),
    options,
  );
});

const RELEASES = { releasesAsDeployments: true };

test('with releasesAsDeployments a published release is a successful deployment', () => {
  const release = {
    source: 'github',
    external_id: 'Codertocat/Hello-World/releases/17372790',
    service: 'Hello-World',
    environment: 'production',
    status: 'success',
    finished_at: '2019-05-15T15:20:53Z',
    version: '0.0.1',
    repository: 'Codertocat/Hello-World',
    repository_url: 'https://github.com/Codertocat/Hello-World',
    url: 'https://github.com/Codertocat/Hello-World/releases/tag/0.0.1',
  };
  assert.deepEqual(deployments('release', example('release', 0), RELEASES), [release]);
  const pinned = edit(example('release', 0), { 'release.target_commitish': MERGE.toUpperCase() });
  assert.deepEqual(deployments('release', pinned, { ...RELEASES, releaseEnvironment: 'customers' }), [
    { ...release, environment: 'customers', commit: MERGE },
  ]);
  throwsOn('release.published_at', 'release', edit(pinned, { 'release.published_at': null }), RELEASES);
});

test('releases are not deployments by default; drafts, prereleases and other actions are skipped', () => {
  assert.deepEqual(reasons('release', example('release', 0)), [
    'github: release 0.0.1 published: releases are deployments only with option releasesAsDeployments',
  ]);
  assert.deepEqual(reasons('release', example('release', 12), RELEASES), [
    'github: release action "released" is not a deployment; "published" is',
  ]);
  const prerelease = edit(example('release', 0), { 'release.prerelease': true });
  assert.deepEqual(reasons('release', prerelease, RELEASES), [
    'github: release 0.0.1 is a prerelease (option includePrereleases is false)',
  ]);
  assert.equal(deployments('release', prerelease, { ...RELEASES, includePrereleases: true }).length, 1);
  assert.deepEqual(reasons('release', edit(example('release', 0), { 'release.draft': true }), RELEASES), [
    'github: release 0.0.1 is a draft',
  ]);
});

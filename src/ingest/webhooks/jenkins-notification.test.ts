import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Deployment } from '../../model/events.ts';
import type { JenkinsOptions } from '../transformers/jenkins.ts';
import { jenkinsNotificationAdapter } from './jenkins-notification.ts';
import type { WebhookDelivery } from './webhook.ts';
import { assertInvalidField, REPOSITORY_NAME_CONTEXT } from '../../../test/helpers/webhook-delivery.ts';

type JobState = Record<string, unknown> & { build: Record<string, unknown> };

const fixture = (name: string) =>
  (
    JSON.parse(
      readFileSync(new URL(`../../../test/fixtures/webhooks/jenkins/${name}.json`, import.meta.url), 'utf8'),
    ) as { body: JobState }
  ).body;

const delivery = (payload: unknown): WebhookDelivery => ({
  headers: { 'content-type': 'application/json;charset=UTF-8' },
  body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  params: {},
  receivedAt: '2026-03-06T10:42:18Z',
});

/** The fixture's job state with fields of `build` replaced (undefined drops one). */
const withBuild = (name: string, changes: Record<string, unknown>) => {
  const job = fixture(name);
  return delivery({ ...job, build: { ...job.build, ...changes } });
};

const DEPLOY = 'deploy-finalized-success';
const FOLDER = 'release-in-folder-finalized-failure';
const run = (input: WebhookDelivery, options: JenkinsOptions = {}) =>
  jenkinsNotificationAdapter.map(input, options, REPOSITORY_NAME_CONTEXT);
const deployments = (input: WebhookDelivery, options: JenkinsOptions = {}) =>
  run(input, options).events.deployments;

const rejectsWith = (input: WebhookDelivery, field: string) => assertInvalidField(() => run(input), field);

const CHECKOUT: Deployment = {
  source: 'jenkins',
  external_id: 'https://jenkins.acme.example/job/checkout-deploy/214/',
  service: 'checkout-deploy',
  environment: 'production',
  status: 'success',
  // timestamp 1772793737403 ms is when the build was finalized.
  finished_at: '2026-03-06T10:42:17.403Z',
  // Less the build's 184 233 ms.
  started_at: '2026-03-06T10:39:13.170Z',
  version: '1.14.2',
  commit: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665',
  repository: 'acme/checkout',
  repository_url: 'https://github.com/acme/checkout',
  url: 'https://jenkins.acme.example/job/checkout-deploy/214/',
};

test('the finalized build of a deploy job is a successful deployment', () => {
  assert.deepEqual(run(delivery(fixture(DEPLOY))), {
    events: { changes: [], deployments: [CHECKOUT], incidents: [], artifacts: [] },
    reasons: [],
  });
});

test('a failed release job in a folder is a failed deployment, named as the cdevents plugin names it', () => {
  const row: Deployment = {
    source: 'jenkins',
    external_id: 'https://jenkins.acme.example/job/platform/job/inventory-release/58/',
    service: 'platform » inventory-release',
    environment: 'staging',
    status: 'failure',
    finished_at: '2026-03-06T16:03:51.927Z',
    started_at: '2026-03-06T16:02:15.517Z',
    commit: '41d8c3e0b7a6f5e4d3c2b1a09f8e7d6c5b4a3921',
    repository: 'acme/inventory',
    // An ssh clone URL is no web page: no repository_url.
    url: 'https://jenkins.acme.example/job/platform/job/inventory-release/58/',
  };
  assert.deepEqual(deployments(delivery(fixture(FOLDER))), [row]);
  const options = { services: { 'platform » inventory-release': 'inventory-api' } };
  assert.deepEqual(deployments(delivery(fixture(FOLDER)), options), [{ ...row, service: 'inventory-api' }]);
});

test('only the FINALIZED phase counts, so a build is counted once', () => {
  for (const phase of ['QUEUED', 'STARTED', 'COMPLETED']) {
    const result = run(withBuild(DEPLOY, { phase }));
    assert.deepEqual(result.events.deployments, [], phase);
    assert.match(result.reasons[0] ?? '', new RegExp(phase), phase);
  }
  assert.equal(run(delivery(fixture('deploy-started'))).reasons.length, 1);
  assert.equal(deployments(withBuild(DEPLOY, { phase: 'finalized' })).length, 1);
});

test('jobs that do not deploy give a reason; the job globs match the name or the full name', () => {
  const result = run(delivery(fixture('build-finalized-success')));
  assert.deepEqual(result.events.deployments, []);
  assert.match(result.reasons[0] ?? '', /checkout-build does not match/);
  assert.equal(deployments(delivery(fixture('build-finalized-success')), { jobs: ['*-build'] }).length, 1);
  assert.equal(deployments(delivery(fixture(FOLDER)), { jobs: ['platform »*'] }).length, 1);
  assert.equal(deployments(delivery(fixture(FOLDER)), { jobs: ['inventory-*'] }).length, 1);
  assert.equal(run(delivery(fixture(DEPLOY)), { jobs: [] }).reasons.length, 1);
});

test('unstable builds fail; aborted, not-built and result-less builds are not counted', () => {
  assert.equal(deployments(withBuild(DEPLOY, { status: 'UNSTABLE' }))[0]?.status, 'failure');
  for (const status of ['ABORTED', 'NOT_BUILT', undefined]) {
    const result = run(withBuild(DEPLOY, { status }));
    assert.deepEqual(result.events.deployments, [], String(status));
    assert.equal(result.reasons.length, 1, String(status));
  }
});

test('times: an older plugin sent the start as text; without a time the receipt is the finish', () => {
  const text = withBuild(DEPLOY, { timestamp: '2026-03-06T10:39:13.170+00:00' });
  assert.deepEqual(
    deployments(text).map(({ started_at, finished_at }) => ({ started_at, finished_at })),
    [{ started_at: '2026-03-06T10:39:13.170+00:00', finished_at: '2026-03-06T10:42:17.403Z' }],
  );
  const bare = withBuild(DEPLOY, { timestamp: undefined, duration: undefined });
  assert.deepEqual(
    deployments(bare).map(({ started_at, finished_at }) => ({ started_at, finished_at })),
    [{ started_at: undefined, finished_at: '2026-03-06T10:42:18Z' }],
  );
  assert.equal(deployments(withBuild(DEPLOY, { duration: 0 }))[0]?.started_at, undefined);
  rejectsWith(withBuild(DEPLOY, { timestamp: -5 }), 'build.timestamp');
  rejectsWith(withBuild(DEPLOY, { timestamp: 'Fri Mar 06 10:39:13 UTC 2026' }), 'build.timestamp');
});

test('options: a fixed environment, other parameters, a build without a Jenkins root URL', () => {
  assert.equal(deployments(delivery(fixture(DEPLOY)), { environment: 'prod-eu' })[0]?.environment, 'prod-eu');
  const options = { environmentParameters: ['TARGET', 'ENVIRONMENT'], versionParameters: ['RELEASE'] };
  const named = withBuild(DEPLOY, {
    parameters: { TARGET: 'qa', ENVIRONMENT: 'production', RELEASE: '2.0.0' },
  });
  assert.deepEqual(
    deployments(named, options).map(({ environment, version }) => ({ environment, version })),
    [{ environment: 'qa', version: '2.0.0' }],
  );
  assert.equal(
    deployments(withBuild(DEPLOY, { full_url: undefined }))[0]?.external_id,
    'checkout-deploy#214',
  );
  rejectsWith(withBuild(DEPLOY, { full_url: undefined, number: undefined }), 'build.number');
});

test('a finalized job state without its build or name is refused, naming the field', () => {
  rejectsWith(delivery('{"name": "checkout-deploy"'), 'body');
  rejectsWith(delivery({ name: 'checkout-deploy' }), 'build');
  rejectsWith(delivery({ ...fixture(DEPLOY), name: undefined }), 'name');
});

test('the delivery id is the build and its phase; the same state maps the same way twice', () => {
  assert.equal(
    jenkinsNotificationAdapter.deliveryId(delivery(fixture(DEPLOY))),
    'https://jenkins.acme.example/job/checkout-deploy/214/:FINALIZED',
  );
  assert.equal(
    jenkinsNotificationAdapter.deliveryId(withBuild(DEPLOY, { full_url: undefined, phase: 'STARTED' })),
    'job/checkout-deploy/214/:STARTED',
  );
  assert.equal(jenkinsNotificationAdapter.deliveryId(delivery('<xml/>')), null);
  const options = {};
  assert.deepEqual(run(delivery(fixture(FOLDER)), options), run(delivery(fixture(FOLDER)), options));
});

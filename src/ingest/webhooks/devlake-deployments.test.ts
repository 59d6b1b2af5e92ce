import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Deployment } from '../../model/events.ts';
import { devlakeAdapter, type DevLakeOptions } from './devlake.ts';
import type { WebhookDelivery } from './webhook.ts';
import { assertInvalidField, REPOSITORY_NAME_CONTEXT } from '../../../test/helpers/webhook-delivery.ts';

type Body = Record<string, unknown>;

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../test/fixtures/webhooks/devlake-deployments/${name}.json`, import.meta.url),
      'utf8',
    ),
  ) as { body: Body & { deploymentCommits?: Body[] }; params: Record<string, string> };

const delivery = (body: unknown, connectionId = '1'): WebhookDelivery => ({
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  params: { connectionId, kind: 'deployments' },
  receivedAt: '2026-03-06T16:03:00Z',
});

const load = (name: string) => delivery(fixture(name).body, fixture(name).params.connectionId);
const withFields = (name: string, changes: Body) =>
  delivery({ ...fixture(name).body, ...changes }, fixture(name).params.connectionId);

const run = (input: WebhookDelivery, options: DevLakeOptions = {}) =>
  devlakeAdapter.map(input, options, REPOSITORY_NAME_CONTEXT);
const deployments = (input: WebhookDelivery, options: DevLakeOptions = {}) =>
  run(input, options).events.deployments;

const rejectsWith = (input: WebhookDelivery, field: string) => assertInvalidField(() => run(input), field);

const CHECKOUT: Deployment = {
  source: 'devlake',
  external_id: '1/checkout-prod-2026-03-06-1',
  service: 'checkout',
  environment: 'production',
  production: true,
  status: 'success',
  started_at: '2026-03-06T10:39:13+00:00',
  finished_at: '2026-03-06T10:42:17+00:00',
  repository: 'acme/checkout',
  repository_url: 'https://github.com/acme/checkout',
  url: 'https://ci.acme.example/deploys/8812',
  commit: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665',
};

test('a DevLake deployment of one repository is one deployment of its service', () => {
  assert.deepEqual(run(load('single-repo')), {
    events: { changes: [], deployments: [CHECKOUT], incidents: [], artifacts: [] },
    reasons: [],
  });
});

test('a deployment spanning two services is one deployment each, told apart by service', () => {
  const common = {
    source: 'devlake',
    environment: 'staging',
    production: false,
    status: 'failure',
    started_at: '2026-03-06T16:00:02+00:00',
    finished_at: '2026-03-06T16:03:51+00:00',
  } as const;
  assert.deepEqual(deployments(load('multi-repo-failure')), [
    {
      ...common,
      external_id: '1/release-2026.03.06/checkout',
      service: 'checkout',
      repository: 'acme/checkout',
      repository_url: 'https://github.com/acme/checkout',
      commit: 'e9d71f5ee7c92d6dc9e92ffdad17b8bd49418f98',
    },
    {
      ...common,
      external_id: '1/release-2026.03.06/payments',
      service: 'payments',
      repository: 'acme/payments',
      repository_url: 'https://github.com/acme/payments',
      commit: '84a516841ba77a5b4648de2cd0dfcb30ea46dbb4',
    },
  ]);
});

test("a connection's service takes every repository: one deployment, headed by the first commit", () => {
  const options = { connections: { '1': { service: 'storefront' } } };
  assert.deepEqual(deployments(load('multi-repo-failure'), options), [
    {
      source: 'devlake',
      external_id: '1/release-2026.03.06',
      service: 'storefront',
      environment: 'staging',
      production: false,
      status: 'failure',
      started_at: '2026-03-06T16:00:02+00:00',
      finished_at: '2026-03-06T16:03:51+00:00',
      repository: 'acme/checkout',
      repository_url: 'https://github.com/acme/checkout',
      commit: 'e9d71f5ee7c92d6dc9e92ffdad17b8bd49418f98',
    },
  ]);
  assert.equal(deployments(load('multi-repo-failure'), { connections: { '7': { service: 'x' } } }).length, 2);
});

test('the older snake_case body, with one repository at the top or a list', () => {
  assert.deepEqual(deployments(load('legacy-snake-case')), [
    {
      source: 'devlake',
      external_id: '2/circleci-4471',
      service: 'inventory',
      environment: 'production',
      production: true,
      status: 'success',
      started_at: '2026-03-06T16:00:10+00:00',
      finished_at: '2026-03-06T16:02:31+00:00',
      repository: 'acme/inventory',
      repository_url: 'https://github.com/acme/inventory',
      commit: '41d8c3e0b7a6f5e4d3c2b1a09f8e7d6c5b4a3921',
    },
  ]);
  const listed = withFields('legacy-aborted', { result: 'FAILURE', environment: 'TESTING' });
  assert.deepEqual(
    deployments(listed).map(({ external_id, environment, production, status, commit }) => ({
      external_id,
      environment,
      production,
      status,
      commit,
    })),
    [
      {
        external_id: '2/circleci-4472',
        environment: 'testing',
        production: false,
        status: 'failure',
        commit: '3c363836cf4e16666669a25da280a1865c2d2874',
      },
    ],
  );
});

test('defaults: result SUCCESS, environment PRODUCTION; the old end_time defaults to the receipt', () => {
  const bare = withFields('single-repo', { result: undefined, environment: undefined });
  assert.deepEqual(deployments(bare), [CHECKOUT]);
  const open = withFields('legacy-snake-case', { end_time: undefined });
  assert.equal(deployments(open)[0]?.finished_at, '2026-03-06T16:03:00Z');
});

test('results other than SUCCESS and FAILURE give a reason and no rows', () => {
  for (const input of [load('legacy-aborted'), withFields('single-repo', { result: 'MANUAL' })]) {
    const result = run(input);
    assert.deepEqual(result.events.deployments, []);
    assert.equal(result.reasons.length, 1);
  }
  assert.match(run(load('legacy-aborted')).reasons[0] ?? '', /circleci-4472 has result ABORT/);
});

test('a commit that is not a hexadecimal sha keeps its repository but names no commit', () => {
  const commits = [{ repoUrl: 'https://github.com/acme/checkout', commitSha: 'release-14' }];
  const withoutCommit: Deployment = { ...CHECKOUT };
  delete withoutCommit.commit;
  assert.deepEqual(deployments(withFields('single-repo', { deploymentCommits: commits })), [withoutCommit]);
});

test('a deployment DevLake would refuse is refused, naming the field', () => {
  rejectsWith(withFields('single-repo', { id: undefined }), 'id');
  rejectsWith(withFields('single-repo', { startedDate: undefined }), 'startedDate');
  rejectsWith(withFields('single-repo', { finishedDate: undefined }), 'finishedDate');
  rejectsWith(withFields('single-repo', { finishedDate: '06/03/2026' }), 'finishedDate');
  rejectsWith(withFields('single-repo', { deploymentCommits: [] }), 'deploymentCommits');
  rejectsWith(withFields('single-repo', { deploymentCommits: ['abc'] }), 'deploymentCommits[0]');
  const [first] = fixture('multi-repo-failure').body.deploymentCommits ?? [];
  rejectsWith(
    withFields('multi-repo-failure', {
      deploymentCommits: [first, { repoUrl: 'https://github.com/acme/payments' }],
    }),
    'deploymentCommits[1].commitSha',
  );
  rejectsWith(
    withFields('single-repo', { deploymentCommits: [{ commitSha: 'abc1234' }] }),
    'deploymentCommits[0].repoUrl',
  );
  rejectsWith(withFields('legacy-snake-case', { pipeline_id: undefined }), 'pipeline_id');
  rejectsWith(withFields('legacy-snake-case', { start_time: 1772812810 }), 'start_time');
  rejectsWith(withFields('legacy-snake-case', { repo_url: undefined }), 'repo_url');
});

test('every deployment fixture maps the same way twice', () => {
  for (const name of ['single-repo', 'multi-repo-failure', 'legacy-snake-case', 'legacy-aborted']) {
    assert.deepEqual(run(load(name)), run(load(name)), name);
  }
});

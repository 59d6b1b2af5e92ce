import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mapGitLabFixture as map,
  GITLAB_RECEIVED as RECEIVED,
} from '../../../test/helpers/gitlab-fixture.ts';
import { assertInvalidField as throwsField } from '../../../test/helpers/webhook-delivery.ts';

const EMPTY = { changes: [], deployments: [], incidents: [], artifacts: [] };
const REPOSITORY = 'acme/platform/checkout';
const WEB_URL = 'https://gitlab.acme.example/acme/platform/checkout';
const BEFORE = '51de2b835bd35a67eb32dbcd3d77d4b96e5aa39d';
const FIRST = '2f22765d04931a078909145ca628d2264c852d7d';
const SECOND = '6b1f53303a732ccc8c6aae6640399827c15250e3';
const MERGE = 'a625406f6977d45c1391b078f4d3656e0b75bfcb';

const COMMITS = [
  {
    repository: REPOSITORY,
    repository_url: WEB_URL,
    sha: FIRST,
    parents: [BEFORE],
    committed_at: '2026-03-02T09:14:07+01:00',
    author: 'Dana Whitfield',
    message: 'Add retry budget to payment client',
    service: 'checkout-api',
  },
  {
    repository: REPOSITORY,
    repository_url: WEB_URL,
    sha: SECOND,
    parents: [FIRST],
    committed_at: '2026-03-02T09:41:52+01:00',
    author: 'Dana Whitfield',
    message: 'Cover retry budget exhaustion in tests',
    service: 'checkout-api',
  },
  {
    repository: REPOSITORY,
    repository_url: WEB_URL,
    sha: MERGE,
    parents: [SECOND],
    committed_at: '2026-03-02T10:05:33+00:00',
    author: 'Ravi Menon',
    message:
      "Merge branch 'retry-budget' into 'main'\n\nAdd a retry budget to the payment client\n\nSee merge request acme/platform/checkout!482",
    service: 'checkout-api',
  },
];

const withoutParents = ({ parents: _, ...change }: (typeof COMMITS)[number]) => change;

test('a push gives one change per commit, each the child of the one listed before it', () => {
  assert.deepEqual(map('push'), { events: { ...EMPTY, changes: COMMITS }, reasons: [] });
});

test('a push creating a branch infers no parent for its oldest commit', () => {
  const created = map('push', { before: '0000000000000000000000000000000000000000' });
  assert.deepEqual(created.events.changes, [withoutParents(COMMITS[0]!), COMMITS[1], COMMITS[2]]);
  assert.deepEqual(created.reasons, []);
});

test('a push of more than GitLab sends says so and leaves the oldest received commit without parent', () => {
  const truncated = map('push', { total_commits_count: 45 });
  assert.deepEqual(truncated.events.changes, [withoutParents(COMMITS[0]!), COMMITS[1], COMMITS[2]]);
  assert.deepEqual(truncated.reasons, [
    `gitlab: push to refs/heads/main had 45 commits and GitLab sent only the newest 3: the oldest received (${FIRST}) gets no inferred parent`,
  ]);
});

test("GitLab's test delivery (newest first, before among the commits) infers no parents", () => {
  const sample = map('push', {
    before: FIRST,
    'commits.0.id': MERGE,
    'commits.2.id': FIRST,
  });
  assert.deepEqual(
    sample.events.changes.map((change) => [change.sha, change.parents]),
    [
      [MERGE, undefined],
      [SECOND, undefined],
      [FIRST, undefined],
    ],
  );
  assert.deepEqual(sample.reasons, [
    'gitlab: push to refs/heads/main lists its own `before` among its commits: no parents inferred',
  ]);
});

test('optional commit fields may be absent; shas are kept lower case', () => {
  const sparse = map('push', {
    commits: [{ id: FIRST.toUpperCase() }],
    total_commits_count: 1,
  });
  assert.deepEqual(sparse.events.changes, [
    {
      repository: REPOSITORY,
      repository_url: WEB_URL,
      sha: FIRST,
      parents: [BEFORE],
      service: 'checkout-api',
    },
  ]);
});

test('deleting a branch or pushing no new commits gives a reason', () => {
  assert.deepEqual(
    map('push', { after: '0000000000000000000000000000000000000000', commits: [], total_commits_count: 0 }),
    { events: EMPTY, reasons: ['gitlab: push deleted refs/heads/main: a deleted branch adds no commits'] },
  );
  assert.deepEqual(map('push', { ref: 'refs/heads/spike', commits: [], total_commits_count: 0 }), {
    events: EMPTY,
    reasons: ['gitlab: push to refs/heads/spike carries no new commits'],
  });
});

test('malformed commits name the field', () => {
  throwsField(() => map('push', { commits: undefined }), 'commits');
  throwsField(() => map('push', { commits: { id: FIRST } }), 'commits');
  throwsField(() => map('push', { 'commits.1.id': 'not-a-sha' }), 'commits[1].id');
  throwsField(() => map('push', { 'commits.1.id': undefined }), 'commits[1].id');
  throwsField(() => map('push', { 'commits.2': 'a625406f' }), 'commits[2]');
  throwsField(() => map('push', { 'commits.0.timestamp': '2026-03-02 09:14' }), 'commits[0].timestamp');
  throwsField(() => map('push', { 'commits.0.timestamp': 1772439247 }), 'commits[0].timestamp');
});

test('tag pushes give a reason unless tags count as deployments', () => {
  assert.deepEqual(map('tag-push'), {
    events: EMPTY,
    reasons: ['gitlab: tag pushes are not deployments unless the tagsAsDeployments option is set'],
  });
});

test('with tagsAsDeployments a tag push is a successful deployment at the receipt time', () => {
  const deployment = {
    source: 'gitlab',
    external_id: 'acme/platform/checkout/tags/v2.14.0',
    service: 'checkout-api',
    environment: 'production',
    status: 'success',
    finished_at: RECEIVED,
    version: 'v2.14.0',
    commit: MERGE,
    repository: REPOSITORY,
    repository_url: WEB_URL,
  };
  assert.deepEqual(map('tag-push', {}, { tagsAsDeployments: true }), {
    events: { ...EMPTY, deployments: [deployment] },
    reasons: [],
  });
  const staged = map('tag-push', {}, { tagsAsDeployments: true, tagEnvironment: 'staging' });
  assert.deepEqual(staged.events.deployments, [{ ...deployment, environment: 'staging' }]);
});

test('a deleted tag is no deployment; a tag push without ref is malformed', () => {
  const on = { tagsAsDeployments: true };
  const deleted = { after: '0000000000000000000000000000000000000000', checkout_sha: null };
  assert.deepEqual(map('tag-push', deleted, on), {
    events: EMPTY,
    reasons: ['gitlab: tag v2.14.0 was deleted: not a deployment'],
  });
  throwsField(() => map('tag-push', { ref: undefined }, on), 'ref');
});

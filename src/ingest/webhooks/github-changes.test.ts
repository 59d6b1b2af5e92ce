import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLES } from '../../../test/helpers/github-examples.ts';
import { createGitHubAdapter } from './github.ts';
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
const map = (event: string, body: unknown) =>
  adapter.map(
    { headers: { 'x-github-event': event }, body: JSON.stringify(body), params: {}, receivedAt: '' },
    {},
    CONTEXT,
  );
const changes = (event: string, body: unknown) => map(event, body).events.changes;
const reasons = (event: string, body: unknown) => {
  const mapped = map(event, body);
  assert.deepEqual(mapped.events.changes, []);
  return mapped.reasons;
};

const throwsOn = (field: string, event: string, body: unknown) =>
  assertInvalidField(() => map(event, body), field);

const [BASE, FIRST, HEAD, MERGE] = [
  'e0d1c2b3a4958677685940a1b2c3d4e5f6071829',
  '4c8a2e6b0d1f3a5c7e9b1d3f5a7c9e0b2d4f6a8c',
  '9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b',
  '3f1c0a9e5d7b2c4e6f8a0b1c3d5e7f9a1b3c5d7e',
];
const HELLO = {
  repository: 'Codertocat/Hello-World',
  repository_url: 'https://github.com/Codertocat/Hello-World',
  service: 'Hello-World',
};
const CHECKOUT = {
  repository: 'acme/checkout',
  repository_url: 'https://github.com/acme/checkout',
  service: 'checkout-api',
};

test('the first push with commits is a root commit: no parents, as its before is all zeros', () => {
  assert.deepEqual(map('push', example('push', 4)), {
    events: {
      changes: [
        {
          ...HELLO,
          sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
          committed_at: '2019-05-15T15:19:25Z',
          author: 'Codertocat',
          message: 'Initial commit',
        },
      ],
      deployments: [],
      incidents: [],
      artifacts: [],
    },
    reasons: [],
  });
});

test('each pushed commit has the previous one as parent, the first has before', () => {
  assert.deepEqual(
    changes('push', fixture('push-main')).map(({ sha, parents, author, committed_at }) => ({
      sha,
      parents,
      author,
      committed_at,
    })),
    [
      { sha: FIRST, parents: [BASE], author: 'alice-acme', committed_at: '2026-03-02T09:05:41Z' },
      { sha: HEAD, parents: [FIRST], author: 'alice-acme', committed_at: '2026-03-02T10:48:12Z' },
      { sha: MERGE, parents: [HEAD], author: 'bob-acme', committed_at: '2026-03-03T14:02:10Z' },
    ],
  );
  const [merge] = changes('push', fixture('push-main')).slice(-1);
  assert.equal(merge?.service, 'checkout-api');
  assert.equal(merge?.message, 'Merge pull request #42 from acme/fix/card-502\n\nRetry card authorisation');
});

test('a force push does not make the overwritten head a parent; shas are lower-cased', () => {
  const push = edit(fixture('push-main'), {
    forced: true,
    'commits.0.id': FIRST.toUpperCase(),
    'commits.1.author.username': undefined,
  });
  const mapped = changes('push', push);
  assert.deepEqual(
    mapped.map(({ sha, parents }) => [sha, parents]),
    [
      [FIRST, undefined],
      [HEAD, [FIRST]],
      [MERGE, [HEAD]],
    ],
  );
  assert.equal(mapped[1]?.author, 'Alice Martin');
});

test('deleted refs and tag pushes without commits give a reason', () => {
  assert.deepEqual(reasons('push', example('push', 0)), [
    'github: tag push of refs/tags/simple-tag carries no commits',
  ]);
  assert.deepEqual(reasons('push', example('push', 1)), [
    'github: push deleted refs/tags/simple-tag; a deletion brings no commits',
  ]);
  assert.deepEqual(reasons('push', { ...fixture('push-main'), commits: [] }), [
    'github: push to refs/heads/main carries no new commits',
  ]);
});

test('malformed pushes name the field', () => {
  const push = fixture('push-main');
  throwsOn('commits', 'push', { ...push, commits: null });
  throwsOn('repository.full_name', 'push', { ...push, repository: { name: 'checkout' } });
  throwsOn('commits[1].id', 'push', edit(push, { 'commits.1.id': 'not-a-sha' }));
  throwsOn('commits[0].timestamp', 'push', edit(push, { 'commits.0.timestamp': 'yesterday' }));
});

test('opened, reopened, ready and synchronized pull requests tag their head commit', () => {
  const expected = [
    {
      ...HELLO,
      sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      pull_request: { number: 2, opened_at: '2019-05-15T15:20:33Z' },
    },
  ];
  const opening = ['opened', 'reopened', 'ready_for_review', 'synchronize'];
  const examples = EXAMPLES.find(({ name }) => name === 'pull_request')?.examples ?? [];
  const used = examples.filter(({ action }) => opening.includes(String(action)));
  assert.equal(used.length, 10);
  for (const payload of used) assert.deepEqual(changes('pull_request', payload), expected);
});

test('a merged pull request tags its merge commit and its head commit', () => {
  const pullRequest = {
    number: 42,
    opened_at: '2026-03-02T09:15:00Z',
    merged_at: '2026-03-03T14:02:11Z',
    merge_sha: MERGE,
  };
  assert.deepEqual(changes('pull_request', fixture('pull-request-merged')), [
    { ...CHECKOUT, sha: MERGE, pull_request: pullRequest },
    { ...CHECKOUT, sha: HEAD, pull_request: pullRequest },
  ]);
  const rebased = edit(fixture('pull-request-merged'), { 'pull_request.merge_commit_sha': HEAD });
  assert.deepEqual(
    changes('pull_request', rebased).map(({ sha }) => sha),
    [HEAD],
  );
});

test('closed unmerged and other pull request actions give a reason', () => {
  assert.deepEqual(reasons('pull_request', example('pull_request', 3)), [
    'github: pull request #2 closed without merging',
  ]);
  assert.deepEqual(reasons('pull_request', example('pull_request', 8)), [
    'github: pull_request action "labeled" does not change delivery metrics',
  ]);
});

test('a merged pull request without merge sha or time names the field', () => {
  const merged = fixture('pull-request-merged');
  throwsOn(
    'pull_request.merge_commit_sha',
    'pull_request',
    edit(merged, { 'pull_request.merge_commit_sha': null }),
  );
  throwsOn('pull_request.merged_at', 'pull_request', edit(merged, { 'pull_request.merged_at': undefined }));
  throwsOn('pull_request.number', 'pull_request', edit(merged, { 'pull_request.number': '42' }));
  throwsOn('pull_request.head.sha', 'pull_request', edit(merged, { 'pull_request.head': {} }));
});

/** The examples' reviews are by the pull request's own author; here someone else reviews. */
const review = (state: string, fields: Record<string, unknown> = {}) =>
  edit(example('pull_request_review', 0), {
    'review.user': { login: 'hubot', id: 1 },
    'review.state': state,
    ...fields,
  });

test('a review by someone else is the first review; an approval also approves', () => {
  const opened = { number: 2, opened_at: '2019-05-15T15:20:33Z', first_review_at: '2019-05-15T15:20:38Z' };
  const sha = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
  assert.deepEqual(changes('pull_request_review', review('commented')), [
    { ...HELLO, sha, pull_request: opened },
  ]);
  assert.deepEqual(changes('pull_request_review', review('APPROVED')), [
    { ...HELLO, sha, pull_request: { ...opened, approved_at: '2019-05-15T15:20:38Z' } },
  ]);
  const noCommit = review('approved', { 'review.commit_id': null, 'pull_request.head.sha': HEAD });
  assert.equal(changes('pull_request_review', noCommit)[0]?.sha, HEAD);
  throwsOn('review.submitted_at', 'pull_request_review', review('approved', { 'review.submitted_at': null }));
});

test("the author's own review and dismissed reviews give a reason", () => {
  assert.deepEqual(reasons('pull_request_review', example('pull_request_review', 0)), [
    'github: review of pull request #2 by its author Codertocat is not a first review',
  ]);
  assert.deepEqual(reasons('pull_request_review', example('pull_request_review', 1)), [
    'github: pull_request_review action "dismissed" does not change when a pull request was reviewed',
  ]);
});

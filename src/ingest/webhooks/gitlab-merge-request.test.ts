import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapGitLabFixture as map } from '../../../test/helpers/gitlab-fixture.ts';
import { assertInvalidField as throwsField } from '../../../test/helpers/webhook-delivery.ts';

const EMPTY = { changes: [], deployments: [], incidents: [], artifacts: [] };
const REPOSITORY = 'acme/platform/checkout';
const WEB_URL = 'https://gitlab.acme.example/acme/platform/checkout';
const HEAD = '6b1f53303a732ccc8c6aae6640399827c15250e3';
const MERGE = 'a625406f6977d45c1391b078f4d3656e0b75bfcb';
const OPENED = { number: 482, opened_at: '2026-03-02T08:20:11Z' };
const HEAD_CHANGE = {
  repository: REPOSITORY,
  repository_url: WEB_URL,
  sha: HEAD,
  committed_at: '2026-03-02T09:41:52+01:00',
  author: 'Dana Whitfield',
  message: 'Cover retry budget exhaustion in tests',
  service: 'checkout-api',
};

test('a merge gives the head and the merge commit, merged at the last update', () => {
  const merged = { ...OPENED, merged_at: '2026-03-02T10:05:34Z', merge_sha: MERGE };
  assert.deepEqual(map('merge-request-merge'), {
    events: {
      ...EMPTY,
      changes: [
        { ...HEAD_CHANGE, pull_request: merged },
        {
          repository: REPOSITORY,
          repository_url: WEB_URL,
          sha: MERGE,
          service: 'checkout-api',
          pull_request: merged,
        },
      ],
    },
    reasons: [],
  });
});

test('a fast-forward merge (no merge commit) gives only the head, without merge sha', () => {
  const { events } = map('merge-request-merge', { 'object_attributes.merge_commit_sha': null });
  assert.deepEqual(events.changes, [
    { ...HEAD_CHANGE, pull_request: { ...OPENED, merged_at: '2026-03-02T10:05:34Z' } },
  ]);
  const same = map('merge-request-merge', { 'object_attributes.merge_commit_sha': HEAD.toUpperCase() });
  assert.deepEqual(same.events.changes, [
    { ...HEAD_CHANGE, pull_request: { ...OPENED, merged_at: '2026-03-02T10:05:34Z', merge_sha: HEAD } },
  ]);
});

test('open, reopen and update give the head with its opening time', () => {
  for (const action of ['open', 'reopen', 'update']) {
    const opened = map('merge-request-merge', {
      'object_attributes.action': action,
      'object_attributes.state': 'opened',
      'object_attributes.merge_commit_sha': null,
    });
    assert.deepEqual(opened, {
      events: { ...EMPTY, changes: [{ ...HEAD_CHANGE, pull_request: OPENED }] },
      reasons: [],
    });
  }
});

test('ISO times, as in the documentation example, are read as well', () => {
  const opened = map('merge-request-merge', {
    'object_attributes.action': 'open',
    'object_attributes.created_at': '2013-12-03T17:23:34Z',
  });
  assert.deepEqual(opened.events.changes[0]?.pull_request, {
    number: 482,
    opened_at: '2013-12-03T17:23:34Z',
  });
});

test('approvals set the first review and approval times to the last update', () => {
  for (const action of ['approved', 'approval']) {
    const approved = map('merge-request-merge', {
      'object_attributes.action': action,
      'object_attributes.updated_at': '2026-03-02 09:55:00 UTC',
    });
    const pull_request = {
      ...OPENED,
      first_review_at: '2026-03-02T09:55:00Z',
      approved_at: '2026-03-02T09:55:00Z',
    };
    assert.deepEqual(approved.events.changes, [{ ...HEAD_CHANGE, pull_request }]);
  }
});

test('closing, unapproving and unknown actions give a reason', () => {
  for (const action of ['close', 'unapproved', 'unapproval', 'locked']) {
    assert.deepEqual(map('merge-request-merge', { 'object_attributes.action': action }), {
      events: EMPTY,
      reasons: [`gitlab: merge_request action "${action}" does not change delivery metrics`],
    });
  }
  assert.deepEqual(map('merge-request-merge', { 'object_attributes.action': undefined }).reasons, [
    'gitlab: merge_request action null does not change delivery metrics',
  ]);
});

test('without a last commit only the merge commit is known', () => {
  const merged = map('merge-request-merge', { 'object_attributes.last_commit': null });
  assert.deepEqual(
    merged.events.changes.map((change) => change.sha),
    [MERGE],
  );
  assert.deepEqual(
    map('merge-request-merge', { 'object_attributes.last_commit': null, 'object_attributes.action': 'open' }),
    {
      events: EMPTY,
      reasons: ['gitlab: merge_request !482 open has no last_commit: no change to attach it to'],
    },
  );
});

test('malformed merge requests name the field', () => {
  throwsField(() => map('merge-request-merge', { object_attributes: undefined }), 'object_attributes');
  throwsField(() => map('merge-request-merge', { object_attributes: [] }), 'object_attributes');
  throwsField(() => map('merge-request-merge', { 'object_attributes.iid': '482' }), 'object_attributes.iid');
  throwsField(
    () => map('merge-request-merge', { 'object_attributes.created_at': undefined }),
    'object_attributes.created_at',
  );
  throwsField(
    () => map('merge-request-merge', { 'object_attributes.updated_at': 'now' }),
    'object_attributes.updated_at',
  );
  throwsField(
    () => map('merge-request-merge', { 'object_attributes.last_commit': undefined }),
    'object_attributes.last_commit',
  );
  throwsField(
    () => map('merge-request-merge', { 'object_attributes.last_commit.id': 'HEAD' }),
    'object_attributes.last_commit.id',
  );
  throwsField(
    () => map('merge-request-merge', { 'object_attributes.last_commit.timestamp': '03/02/2026' }),
    'object_attributes.last_commit.timestamp',
  );
});

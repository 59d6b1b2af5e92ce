import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commitLinks, pageLink } from './source-links.ts';

const none = { commit: null, pull_request: null };

test('GitHub links the commit and pull request on the host its repository URL names', () => {
  assert.deepEqual(commitLinks('github', 'https://github.com/acme/shop', 'abc1234', 42), {
    commit: 'https://github.com/acme/shop/commit/abc1234',
    pull_request: 'https://github.com/acme/shop/pull/42',
  });
  assert.deepEqual(commitLinks('github', 'https://ghe.example.com/acme/shop', 'abc1234', 7), {
    commit: 'https://ghe.example.com/acme/shop/commit/abc1234',
    pull_request: 'https://ghe.example.com/acme/shop/pull/7',
  });
});

test('GitLab, self-hosted or not, links under /-/', () => {
  assert.deepEqual(commitLinks('gitlab', 'https://git.example.com/group/sub/app/', 'abc1234', 5), {
    commit: 'https://git.example.com/group/sub/app/-/commit/abc1234',
    pull_request: 'https://git.example.com/group/sub/app/-/merge_requests/5',
  });
  assert.equal(
    commitLinks('argocd', 'https://gitlab.com/group/app', 'abc1234', null).commit,
    'https://gitlab.com/group/app/-/commit/abc1234',
  );
});

test('without a repository URL, or on a host no source vouches for, there is no link', () => {
  assert.deepEqual(commitLinks('github', null, 'abc1234', 42), none);
  assert.deepEqual(commitLinks('argocd', 'https://git.example.com/acme/shop', 'abc1234', 42), none);
  assert.deepEqual(commitLinks('api', 'https://code.example.com/acme/shop', 'abc1234', 42), none);
});

test('nothing unsafe is put in a link', () => {
  assert.deepEqual(commitLinks('github', 'javascript:alert(1)//github.com/a/b', 'abc1234', 1), none);
  assert.deepEqual(commitLinks('github', 'https://github.com/acme/shop?x=1', 'abc1234', 1), none);
  assert.equal(commitLinks('github', 'https://github.com/acme/shop', 'not-a-sha', null).commit, null);
  assert.equal(pageLink('javascript:alert(1)'), null);
  assert.equal(pageLink('https://ci.example.com/runs/9'), 'https://ci.example.com/runs/9');
  assert.equal(pageLink(null), null);
});

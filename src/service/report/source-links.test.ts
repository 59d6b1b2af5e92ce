import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceLinks } from './source-links.ts';

test('a GitHub source links the commit and pull request on github.com', () => {
  assert.deepEqual(sourceLinks('github', 'acme/shop', 'abc1234', 42), {
    commit: 'https://github.com/acme/shop/commit/abc1234',
    pull_request: 'https://github.com/acme/shop/pull/42',
  });
});

test('a source that does not name its host gets no link', () => {
  for (const source of ['api', 'gitlab', 'argocd', 'cloudevents']) {
    assert.deepEqual(sourceLinks(source, 'acme/shop', 'abc1234', 42), { commit: null, pull_request: null });
  }
});

test('nothing unsafe is put in a URL: odd repositories and shas get no link', () => {
  const none = { commit: null, pull_request: null };
  assert.deepEqual(sourceLinks('github', '../../evil', 'abc1234', 1), none);
  assert.deepEqual(sourceLinks('github', 'acme', 'abc1234', 1), none);
  assert.deepEqual(sourceLinks('github', 'acme/shop?x=1', 'abc1234', 1), none);
  assert.deepEqual(sourceLinks('github', null, 'abc1234', 1), none);
  assert.equal(sourceLinks('github', 'acme/shop', 'not-a-sha', null).commit, null);
});

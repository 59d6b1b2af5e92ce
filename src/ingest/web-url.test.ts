import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyEvents } from '../model/events.ts';
import { keepWebUrls, toRepositoryUrl, toWebUrl } from './web-url.ts';

test('only absolute http(s) URLs are kept', () => {
  assert.equal(toWebUrl('https://ci.example.com/run/1'), 'https://ci.example.com/run/1');
  assert.equal(toWebUrl(' http://ci.example.com/run/1 '), 'http://ci.example.com/run/1');
  for (const bad of [
    'javascript:alert(1)',
    'data:text/html,x',
    '/run/1',
    'https://',
    'ftp://x/y',
    42,
    null,
  ]) {
    assert.equal(toWebUrl(bad), undefined, String(bad));
  }
});

test('a repository URL loses its trailing slash and .git', () => {
  assert.equal(toRepositoryUrl('https://git.example.com/group/app.git'), 'https://git.example.com/group/app');
  assert.equal(toRepositoryUrl('https://github.com/acme/shop/'), 'https://github.com/acme/shop');
});

test('every URL field is checked again before storage', () => {
  const events = {
    ...emptyEvents(),
    changes: [{ repository: 'a/b', sha: 'abc1234', repository_url: 'javascript:alert(1)' }],
    deployments: [
      {
        source: 'x',
        external_id: '1',
        service: 's',
        environment: 'production',
        status: 'success' as const,
        finished_at: '2026-01-01T00:00:00Z',
        url: 'JavaScript:alert(1)',
        repository_url: 'https://git.example.com/a/b/',
      },
    ],
    incidents: [
      { source: 'x', external_id: 'i', started_at: '2026-01-01T00:00:00Z', url: 'https://pd.example.com/i' },
    ],
  };
  const kept = keepWebUrls(events);
  assert.equal(kept.changes[0]?.repository_url, undefined);
  assert.equal(kept.deployments[0]?.url, undefined);
  assert.equal(kept.deployments[0]?.repository_url, 'https://git.example.com/a/b');
  assert.equal(kept.incidents[0]?.url, 'https://pd.example.com/i');
});

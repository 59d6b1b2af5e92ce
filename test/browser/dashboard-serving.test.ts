/**
 * How the process serves the dashboard (no browser): the pages answer index.html uncached, hashed
 * assets are immutable, unknown paths stay JSON 404s, the routes stay out of the OpenAPI document,
 * and a missing build answers a page saying how to build while the API works as before.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { buildDashboard } from './build-dashboard.ts';

describe('dashboard serving (pglite)', () => {
  let testDb: TestDb;
  let built: TestServer;
  let missing: TestServer;
  let dir: string;

  before(async () => {
    dir = await buildDashboard();
    testDb = await backends()[0]!.create();
    built = await startServer(testDb.db, { dashboardDir: dir });
    missing = await startServer(testDb.db, {
      dashboardDir: mkdtempSync(join(tmpdir(), 'fivekeys-no-dashboard-')),
    });
  });
  after(async () => {
    await built?.close();
    await missing?.close();
    await testDb?.drop();
  });

  test('every page of the app answers index.html, never cached', async () => {
    for (const path of [
      '/',
      '/live',
      '/settings',
      '/benchmarks',
      '/evidence?tab=changes&service=shop',
      '/teams?expand=all',
    ]) {
      const response = await fetch(built.url + path, { headers: { accept: 'text/html' } });
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type')!, /^text\/html/);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      assert.match(await response.text(), /<div id="app"><\/div>/);
    }
  });

  test('hashed assets are cached for a year; unknown paths stay JSON 404s', async () => {
    const assets = readdirSync(join(dir, 'assets'));
    assert.ok(
      assets.some((name) => /^index-[\w-]{8}\.js$/.test(name)),
      assets.join(),
    );
    for (const name of assets) {
      const response = await fetch(`${built.url}/assets/${name}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    }
    for (const path of ['/assets/nothing.js', '/nowhere', '/api/v1/nothing']) {
      const response = await fetch(built.url + path, { headers: { accept: 'text/html' } });
      assert.equal(response.status, 404, path);
      const body = (await response.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'not_found');
    }
  });

  test('the dashboard routes are not part of the OpenAPI document', async () => {
    const paths = Object.keys((await built.get('/openapi.json')).body.paths);
    assert.ok(paths.includes('/api/v1/metrics'));
    for (const path of paths)
      assert.ok(
        !['/', '/live', '/evidence', '/settings', '/benchmarks', '/teams', '/index.html'].includes(path) &&
          !path.startsWith('/assets'),
        path,
      );
  });

  test('without a build, / says how to build it and the API is unaffected', async () => {
    const page = await fetch(`${missing.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /dashboard not built: run <code>npm run build<\/code>/);
    assert.equal((await missing.get('/api/v1/metrics')).status, 200);
    assert.equal((await missing.get('/assets/index.js')).status, 404);
  });
});

/**
 * The live events page in Chromium. With an admin token: the stream opens with the requests stored
 * before (marked earlier, newest first), then shows each new one at the top with what it became, a
 * refused one with its error, one that will not count with the warning; pause keeps buffering. With
 * a read token: one clear sentence naming the missing scope and no attempt at the stream (counted).
 * With authentication off and nothing stored: how to send a first event.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser } from './browser.ts';
import { buildDashboard } from './build-dashboard.ts';
import { auditPage } from './page-audit.ts';

const ADMIN = 'live-page-admin-token';
const ROWS = 'table.live tbody tr';

const deployment = (id: string, environment = 'production') => ({
  id,
  service: 'shop',
  environment,
  status: 'success',
  finished_at: new Date().toISOString(),
});

/** Stores the token before the page's own scripts run, as the token prompt would have. */
const withToken = (token: string) => async (page: Page) => {
  await page.addInitScript(`localStorage.setItem('fivekeys.token', ${JSON.stringify(token)})`);
};

/** Requests the page made to the stream and to whoami, counted from the browser's side. */
function countRequests(page: Page) {
  const counts = { live: 0, whoami: 0 };
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/events/live')) counts.live += 1;
    if (request.url().includes('/api/v1/auth/whoami')) counts.whoami += 1;
  });
  return counts;
}

describe('live events page (pglite)', () => {
  let dashboardDir: string;
  let testDb: TestDb;
  let server: TestServer;
  let browser: Browser;
  let readToken: string;
  before(async () => {
    dashboardDir = await buildDashboard();
    testDb = await backends()[0]!.create();
    server = await startServer(testDb.db, { dashboardDir, adminToken: ADMIN });
    browser = await launchBrowser();
    readToken = (await server.post('/api/v1/tokens', { name: 'viewer', scopes: ['read'] }, ADMIN)).body.token;
    for (const id of ['before-1', 'before-2'])
      assert.equal((await server.post('/api/v1/deployments', deployment(id), ADMIN)).status, 202);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await testDb?.drop();
  });

  test('an admin token sees history first, then events as they arrive, newest first', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const counts = countRequests(page);
    try {
      await withToken(ADMIN)(page);
      await page.goto(`${server.url}/live`);
      await page.locator(`${ROWS}[data-history="true"]`).nth(1).waitFor();
      assert.equal(await page.locator(`${ROWS}[data-history="true"]`).count(), 2);
      assert.match((await page.locator(ROWS).first().textContent())!, /earlier/);
      await page.getByText('Connected: waiting for new events').waitFor();

      assert.equal((await server.post('/api/v1/deployments', deployment('live-1'), ADMIN)).status, 202);
      const top = page.locator(`${ROWS}:first-child:not([data-history])`);
      await top.waitFor();
      assert.equal(await top.getAttribute('data-status'), 'stored');
      assert.match((await top.textContent())!, /1 deployment/);
      assert.match((await top.textContent())!, /202/);
      assert.doesNotMatch((await top.textContent())!, /earlier/);

      assert.equal((await server.post('/api/v1/deployments', { service: 'shop' }, ADMIN)).status, 400);
      await page.locator(`${ROWS}:first-child[data-status="failed"]`).waitFor();
      assert.match((await page.locator(ROWS).first().textContent())!, /invalid_payload/);

      const prd = deployment('live-prd', 'prd');
      assert.equal((await server.post('/api/v1/deployments', prd, ADMIN)).status, 202);
      const warned = page.locator(`${ROWS}:first-child .live-warnings li[data-code="not_production"]`);
      await warned.waitFor();
      assert.match((await warned.textContent())!, /not counted: .*"prd" is not production/);

      await page.getByRole('button', { name: 'Pause' }).click();
      const before = await page.locator(ROWS).count();
      assert.equal((await server.post('/api/v1/deployments', deployment('while-paused'), ADMIN)).status, 202);
      await page.getByRole('button', { name: 'Resume (1 new)' }).waitFor();
      assert.equal(await page.locator(ROWS).count(), before, 'paused: the table stays still');
      await page.getByRole('button', { name: 'Resume (1 new)' }).click();
      await page.locator(`${ROWS}:first-child[data-status="stored"]`).waitFor();
      assert.equal(await page.locator(ROWS).count(), before + 1);
      assert.equal(await page.getByRole('button', { name: 'Pause' }).getAttribute('aria-pressed'), 'false');
      assert.equal(counts.live, 1, 'one stream for the whole visit');
    } finally {
      await page.close();
    }
  });

  test('a read token is told which scope is missing and the stream is never tried', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const counts = countRequests(page);
    try {
      await withToken(readToken)(page);
      await page.goto(`${server.url}/live`);
      const alert = page.locator('.live-refusal');
      await alert.waitFor();
      assert.match(
        (await alert.textContent())!,
        /Live events need a token with the admin scope; this token has: read\./,
      );
      // Longer than the 5 s a reconnection would wait: nothing is retried.
      await page.waitForTimeout(6500);
      assert.equal(counts.live, 0);
      assert.equal(counts.whoami, 1);
      assert.equal(await page.locator('.live-pause').count(), 0);
      assert.equal(await page.getByRole('heading', { name: /Authentication is on|refused/ }).count(), 0);
    } finally {
      await page.close();
    }
  });

  test('no token at all brings the token prompt and no stream', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const counts = countRequests(page);
    try {
      await page.goto(`${server.url}/live`);
      await page.getByRole('heading', { name: 'Authentication is on' }).waitFor();
      await page.locator('.live-refusal').waitFor();
      await page.waitForTimeout(1000);
      assert.equal(counts.live, 0);
    } finally {
      await page.close();
    }
  });

  test('the page passes the audit with events and with the refusal', async () => {
    await auditPage(browser, {
      name: 'live-admin',
      url: `${server.url}/live`,
      ready: ROWS,
      prepare: withToken(ADMIN),
    });
    await auditPage(browser, {
      name: 'live-read',
      url: `${server.url}/live`,
      ready: '.live-refusal',
      prepare: withToken(readToken),
    });
  });

  test('with nothing stored, the page says how to send a first event', async () => {
    const emptyDb = await backends()[0]!.create();
    const open = await startServer(emptyDb.db, { dashboardDir, auth: 'off' });
    try {
      const [shot] = await auditPage(browser, {
        name: 'live-empty',
        url: `${open.url}/live`,
        ready: '.live-empty pre',
      });
      assert.ok(shot);
      const page = await browser.newPage();
      try {
        await page.goto(`${open.url}/live`);
        const curl = (await page.locator('.live-empty pre').textContent())!;
        assert.match(curl, new RegExp(`^curl -s ${open.url}/api/v1/deployments `));
        assert.doesNotMatch(curl, /Authorization/, 'authentication is off: no token to send');
      } finally {
        await page.close();
      }
    } finally {
      await open.close();
      await emptyDb.drop();
    }
  });
});

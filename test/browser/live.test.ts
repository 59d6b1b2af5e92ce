/**
 * The live events page in Chromium: an event posted while the page is open shows at the top of
 * the table with what it became, a refused one with its error, and one stored that will not count
 * with the warning saying why.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { buildDashboard } from './build-dashboard.ts';

describe('live events page (pglite)', () => {
  let testDb: TestDb;
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    const dashboardDir = await buildDashboard();
    testDb = await backends()[0]!.create();
    server = await startServer(testDb.db, { dashboardDir });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await testDb?.drop();
  });

  test('shows events as they arrive, newest first, with what each became', async (t) => {
    const probe = await fetch(`${server.url}/api/v1/events/live`, {
      signal: AbortSignal.timeout(2000),
    }).catch(() => undefined);
    await probe?.body?.cancel();
    if (probe?.status === 404) return t.skip('GET /api/v1/events/live is not served yet');
    const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
    try {
      await page.goto(`${server.url}/live`);
      await page.getByText('connected: waiting for events').waitFor();
      const deployment = {
        id: 'live-1',
        service: 'shop',
        environment: 'production',
        status: 'success',
        finished_at: new Date().toISOString(),
      };
      assert.equal((await server.post('/api/v1/deployments', deployment)).status, 202);
      const stored = page.locator('table.live tbody tr[data-status="stored"]').first();
      await stored.waitFor();
      assert.match((await stored.textContent())!, /1 deployment/);
      assert.equal((await server.post('/api/v1/deployments', { service: 'shop' })).status, 400);
      const refused = page.locator('table.live tbody tr').first();
      await page.locator('table.live tbody tr:first-child:not([data-status="stored"])').waitFor();
      assert.match((await refused.textContent())!, /invalid_payload/);
      const prd = { ...deployment, id: 'live-prd', environment: 'prd' };
      assert.equal((await server.post('/api/v1/deployments', prd)).status, 202);
      const warned = page.locator(
        'table.live tbody tr:first-child .live-warnings li[data-code="not_production"]',
      );
      await warned.waitFor();
      const text = (await warned.textContent())!;
      assert.match(text, /not counted/);
      assert.match(text, /"prd" is not production/);
      assert.match(text, /production_pattern/);
      await screenshot(page, 'live-light');
    } finally {
      await page.close();
    }
  });
});

/**
 * The dashboard's other states in Chromium: an empty database shows a first-event command that
 * works when pasted; with authentication on, a token prompt whose token never reaches a URL; a
 * database that goes down shows "retrying".
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { backends } from '../helpers/backends.ts';
import { startServer } from '../helpers/server.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { buildDashboard } from './build-dashboard.ts';

const ADMIN_TOKEN = 'admin-token-used-only-in-tests';

describe('dashboard states (pglite)', () => {
  let browser: Browser;
  let dashboardDir: string;
  before(async () => {
    dashboardDir = await buildDashboard();
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  test('an empty database shows how to send the first event; the command works', async () => {
    const testDb = await backends()[0]!.create();
    const server = await startServer(testDb.db, { dashboardDir });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${server.url}/`);
      await page.getByRole('heading', { name: 'No events yet' }).waitFor();
      assert.equal(await page.locator('.card .insufficient').count(), 6);
      const command = (await page.locator('.empty pre code').textContent())!;
      assert.ok(command.startsWith(`curl -s ${server.url}/api/v1/deployments `), command);
      await screenshot(page, 'empty-light');
      // Asynchronously: the server answering curl runs in this very process.
      const answer = await promisify(execFile)('sh', ['-c', command], { encoding: 'utf8' });
      assert.deepEqual(JSON.parse(answer.stdout), { accepted: 1, duplicates: 0 });
      await page.reload();
      await page.locator('.card[data-metric="deployment_frequency"] [data-sample="1"]').waitFor();
      assert.equal(await page.getByRole('heading', { name: 'No events yet' }).count(), 0);
    } finally {
      await page.close();
      await server.close();
      await testDb.drop();
    }
  });

  test('with authentication on, a token prompt; the token goes in a header, never in a URL', async () => {
    const testDb = await backends()[0]!.create();
    const server = await startServer(testDb.db, { dashboardDir, adminToken: ADMIN_TOKEN });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const urls: string[] = [];
    const authorized: string[] = [];
    page.on('request', (request) => {
      urls.push(request.url());
      if (request.headers().authorization === `Bearer ${ADMIN_TOKEN}`) authorized.push(request.url());
    });
    try {
      await page.goto(`${server.url}/?service=shop`);
      await page.getByRole('heading', { name: 'Authentication is on' }).waitFor();
      await screenshot(page, 'token-prompt-light');
      await page.getByLabel('Token').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Use token' }).click();
      await page.locator('.card[data-metric="lead_time"] .value').waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Authentication is on' }).count(), 0);
      assert.equal(await page.evaluate("localStorage.getItem('fivekeys.token')"), ADMIN_TOKEN);
      assert.ok(authorized.some((url) => url.includes('/api/v1/metrics?')));
      assert.ok(
        urls.every((url) => !url.includes(ADMIN_TOKEN)),
        urls.join('\n'),
      );
      assert.equal(page.url(), `${server.url}/?service=shop`);
      // Kept in the browser: a new visit needs no prompt.
      await page.reload();
      await page.locator('.card[data-metric="lead_time"] .value').waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Authentication is on' }).count(), 0);
    } finally {
      await context.close();
      await server.close();
      await testDb.drop();
    }
  });

  test('a database that goes down shows "database unavailable, retrying"', async () => {
    const testDb = await backends()[0]!.create();
    const server = await startServer(testDb.db, { dashboardDir });
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/`);
      await page.locator('.card').first().waitFor();
      await testDb.db.close();
      await page.reload();
      const alert = page.getByRole('alert').first();
      await alert.waitFor();
      assert.match((await alert.textContent())!, /^database unavailable, retrying in 5 s$/);
    } finally {
      await page.close();
      await server.close();
      await testDb.drop().catch(() => undefined);
    }
  });
});

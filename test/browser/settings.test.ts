/**
 * The settings page in Chromium: a read token sees the settings and the catalog with nothing to
 * edit; an admin token changes the time zone and a service's team (read back from the API), and a
 * refused value shows the API's own message at the field it names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.ts';
import { auditPage } from './page-audit.ts';
import { startDashboard, type DashboardServer } from './dashboard-server.ts';

const ADMIN = 'settings-page-admin-token';

const withToken = (token: string) => async (page: Page) => {
  await page.addInitScript(`localStorage.setItem('fivekeys.token', ${JSON.stringify(token)})`);
};

describe('settings page (pglite)', () => {
  let dashboard: DashboardServer;
  let server: TestServer;
  let browser: Browser;
  let readToken: string;
  before(async () => {
    dashboard = await startDashboard({ adminToken: ADMIN });
    ({ server, browser } = dashboard);
    readToken = (await server.post('/api/v1/tokens', { name: 'viewer', scopes: ['read'] }, ADMIN)).body.token;
    for (const [name, team] of [
      ['checkout', 'payments'],
      ['search', 'discovery'],
    ] as const) {
      const service = {
        team,
        application: 'shop',
        production_environments: ['prod-eu', 'prod-us'],
        repositories: [`acme/${name}`],
      };
      const put = await server.request('PUT', `/api/v1/services/${name}`, { json: service, token: ADMIN });
      assert.equal(put.status, 200);
    }
  });
  after(async () => dashboard?.close());

  const open = async (token: string) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await withToken(token)(page);
    await page.goto(`${server.url}/settings`);
    return page;
  };

  test('a read token sees the settings and the catalog, read-only', async () => {
    const page = await open(readToken);
    try {
      await page.locator('.settings-list [data-field="timezone"] dd').waitFor();
      assert.equal(
        (await page.locator('.settings-list [data-field="timezone"] dd').textContent())!.trim(),
        'UTC',
      );
      await page.locator('table.catalog tr[data-service="checkout"]').waitFor();
      const row = (await page.locator('table.catalog tr[data-service="checkout"]').textContent())!;
      assert.match(row, /payments/);
      assert.match(row, /prod-eu, prod-us/);
      assert.match(row, /acme\/checkout/);
      assert.match(
        (await page.locator('.settings-access').textContent())!,
        /Read-only: changing settings needs the admin scope; this token has: read\./,
      );
      assert.equal(await page.locator('form').count(), 0);
      assert.equal(await page.locator('input').count(), 0);
      assert.equal(await page.getByRole('button', { name: /Save|Edit/ }).count(), 0);
    } finally {
      await page.close();
    }
  });

  test('an admin token changes the time zone; the API keeps it', async () => {
    const page = await open(ADMIN);
    try {
      const zone = page.getByLabel('Time zone');
      await zone.fill('Europe/Berlin');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText(/Saved at .*re-derived/).waitFor();
      assert.equal((await server.get('/api/v1/settings', ADMIN)).body.timezone, 'Europe/Berlin');
      await page.reload();
      await page.getByLabel('Time zone').waitFor();
      assert.equal(await page.getByLabel('Time zone').inputValue(), 'Europe/Berlin');
    } finally {
      await page.close();
    }
  });

  test("a refused value shows the API's message next to its field, nothing saved", async () => {
    const page = await open(ADMIN);
    try {
      await page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
      await page.getByRole('button', { name: 'Save settings' }).click();
      const error = page.locator('[data-field="timezone"] .field-error');
      await error.waitFor();
      const refused = await server.request('PUT', '/api/v1/settings', {
        json: { timezone: 'Mars/Olympus_Mons' },
        token: ADMIN,
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.field, 'timezone');
      assert.equal((await error.textContent())!.trim(), refused.body.error.message);
      assert.equal(await page.getByLabel('Time zone').getAttribute('aria-invalid'), 'true');
      assert.equal((await server.get('/api/v1/settings', ADMIN)).body.timezone, 'Europe/Berlin');

      await page.getByLabel('Time zone').fill('Europe/Berlin');
      await page.getByLabel('Lead time and restore window (days)').fill('0');
      await page.getByRole('button', { name: 'Save settings' }).click();
      const window = page.locator('[data-field="window_days.other"] .field-error');
      await window.waitFor();
      assert.match((await window.textContent())!, /window_days\.other: must be >= 1/);
      assert.equal(await page.locator('[data-field="timezone"] .field-error').count(), 0);
    } finally {
      await page.close();
    }
  });

  test('an admin token edits a service; a bad pattern is refused at its field', async () => {
    const page = await open(ADMIN);
    try {
      await page.getByRole('button', { name: 'Edit search' }).click();
      const form = page.getByRole('form', { name: 'Edit search' });
      await form.getByLabel('Team').fill('search-team');
      await form.getByLabel(/Own production pattern/).fill('(');
      await form.getByRole('button', { name: 'Save search' }).click();
      const error = form.locator('[data-field="settings.production_pattern"] .field-error');
      await error.waitFor();
      assert.match((await error.textContent())!, /production_pattern/);
      assert.equal((await server.get('/api/v1/services/search', ADMIN)).body.team, 'discovery');

      await form.getByLabel(/Own production pattern/).fill('^live$');
      await form.getByRole('button', { name: 'Save search' }).click();
      await page.getByText('Saved search.', { exact: false }).waitFor();
      const saved = (await server.get('/api/v1/services/search', ADMIN)).body;
      assert.equal(saved.team, 'search-team');
      assert.equal(saved.settings.production_pattern, '^live$');
      assert.deepEqual(saved.production_environments, ['prod-eu', 'prod-us'], 'fields left alone are kept');
      assert.match((await page.locator('tr[data-service="search"]').textContent())!, /search-team/);
    } finally {
      await page.close();
    }
  });

  test('the page passes the audit, read-only and editable', async () => {
    await auditPage(browser, {
      name: 'settings-read',
      url: `${server.url}/settings`,
      ready: 'table.catalog',
      prepare: withToken(readToken),
    });
    await auditPage(browser, {
      name: 'settings-admin',
      url: `${server.url}/settings`,
      ready: 'table.catalog',
      prepare: withToken(ADMIN),
    });
  });
});

/**
 * The header at phone widths (360, 390, 430 px): nothing wider than the screen, the page links
 * behind a menu button that says whether it is open, closes on Escape (focus back on the button)
 * and on navigation, and marks the current page; at desktop width the links show without it. The
 * overview passes the page audit with the menu open.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../helpers/server.ts';
import { auditPage, overflowing } from './page-audit.ts';
import { startDashboard, type DashboardServer } from './dashboard-server.ts';

/** Opens the menu once the app has drawn the header (the audit opens fresh pages itself). */
const OPEN_MENU = `addEventListener('load', () => {
  const timer = setInterval(() => {
    const button = document.querySelector('.menu-button');
    if (!button) return;
    clearInterval(timer);
    button.click();
  }, 20);
})`;

describe('header and navigation (pglite)', () => {
  let dashboard: DashboardServer;
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    dashboard = await startDashboard({}, { days: 20, services: 3, seed: 3 });
    ({ server, browser } = dashboard);
  });
  after(async () => dashboard?.close());

  for (const width of [360, 390, 430]) {
    test(`at ${width} px the menu holds the pages and nothing overflows`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      try {
        await page.goto(`${server.url}/evidence`);
        const menu = page.getByRole('button', { name: 'Menu' });
        await menu.waitFor();
        const nav = page.getByRole('navigation', { name: 'Pages', exact: true });
        assert.equal(await menu.getAttribute('aria-expanded'), 'false');
        assert.equal(await menu.getAttribute('aria-controls'), 'site-nav');
        assert.equal(await nav.isVisible(), false);
        assert.deepEqual(await overflowing(page), [], 'menu closed');

        await menu.click();
        assert.equal(await menu.getAttribute('aria-expanded'), 'true');
        const links = nav.getByRole('link');
        // Other pages join the list; these are always there.
        const titles = await links.allTextContents();
        for (const title of ['Overview', 'Evidence', 'Live events', 'Settings', 'API docs'])
          assert.ok(titles.includes(title), `${title} in ${titles.join(', ')}`);
        for (let i = 0; i < (await links.count()); i++) assert.ok(await links.nth(i).isVisible());
        assert.equal(await nav.getByRole('link', { name: 'Evidence' }).getAttribute('aria-current'), 'page');
        assert.equal(await nav.locator('[aria-current="page"]').count(), 1);
        assert.deepEqual(await overflowing(page), [], 'menu open');

        await page.keyboard.press('Escape');
        assert.equal(await menu.getAttribute('aria-expanded'), 'false');
        assert.equal(await nav.isVisible(), false);
        assert.equal(await page.evaluate('document.activeElement?.className'), 'menu-button');

        await menu.click();
        await nav.getByRole('link', { name: 'Settings' }).click();
        await page.waitForURL(`${server.url}/settings`);
        assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'navigating closes the menu');
        await menu.click();
        assert.equal(await nav.getByRole('link', { name: 'Settings' }).getAttribute('aria-current'), 'page');
      } finally {
        await page.close();
      }
    });
  }

  test('at desktop width the links show without a menu button', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${server.url}/`);
      const nav = page.getByRole('navigation', { name: 'Pages', exact: true });
      await nav.getByRole('link', { name: 'Overview' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Menu' }).isVisible(), false);
      assert.equal(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current'), 'page');
      assert.equal(await nav.getByRole('link', { name: 'API docs' }).getAttribute('href'), '/docs');
    } finally {
      await page.close();
    }
  });

  test('the overview passes the audit with the menu open', async () => {
    await auditPage(browser, {
      name: 'overview-menu-open',
      url: `${server.url}/`,
      ready: 'nav[data-open="true"] a[aria-current="page"]',
      prepare: async (page) => {
        await page.addInitScript(OPEN_MENU);
      },
    });
  });
});

/**
 * The dashboard in a real Chromium over a demo history: the cards show exactly what
 * `/api/v1/metrics` answers for the page's window, filters live in the URL, and every card and
 * chart point leads to the rows behind it. Screenshots (light and dark) go to test-artifacts/, and
 * the README's picture to docs/images/dashboard.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { METRICS } from '../../web/src/metric-defs.ts';
import type { Metrics } from '../../web/src/types.ts';
import type { TestServer } from '../helpers/server.ts';
import { ARTIFACTS, screenshot } from './browser.ts';
import { pageWeight } from './page-weight.ts';
import { startDashboard, type DashboardServer } from './dashboard-server.ts';

const DAY = 86_400_000;
/** The README shows the dashboard; each run redraws it so the picture stays current. */
const README_PICTURE = fileURLToPath(new URL('../../docs/images/dashboard.png', import.meta.url));

describe('dashboard over demo data (pglite)', () => {
  let dashboard: DashboardServer;
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    dashboard = await startDashboard({}, { days: 60, services: 4, seed: 7 });
    ({ server, browser } = dashboard);
    page = await browser.newPage({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
  });
  after(async () => dashboard?.close());

  const metricsOf = async (query: string): Promise<Metrics> => {
    const response = await server.get(`/api/v1/metrics?${query}`);
    assert.equal(response.status, 200);
    return response.body as Metrics;
  };

  /** Waits until every card shows the API's numbers for `query`, then checks each text. */
  async function assertCards(query: string): Promise<Metrics> {
    const expected = await metricsOf(query);
    const sample = METRICS[0]!.sample(expected);
    await page.waitForSelector(`.card[data-metric="deployment_frequency"] [data-sample="${sample}"]`);
    for (const def of METRICS) {
      const card = page.locator(`.card[data-metric="${def.key}"]`);
      const value = def.value(expected);
      assert.equal(
        await card.locator('.value').getAttribute('data-value'),
        value === null ? '' : String(value),
        def.key,
      );
      const text = (await card.locator('.value').textContent())?.trim();
      assert.equal(text, value === null ? 'insufficient data' : def.text(expected), def.key);
      assert.equal(
        await card.locator('[data-sample]').getAttribute('data-sample'),
        String(def.sample(expected)),
      );
    }
    return expected;
  }

  test('the cards show the numbers of /api/v1/metrics over the last 30 days', async () => {
    await page.goto(`${server.url}/`);
    const window = page.locator('.window');
    await window.waitFor();
    const to = Math.floor(Date.now() / DAY) * DAY + DAY;
    assert.equal(await window.getAttribute('data-to'), new Date(to).toISOString());
    assert.equal(await window.getAttribute('data-from'), new Date(to - 30 * DAY).toISOString());
    const expected = await assertCards(
      `from=${new Date(to - 30 * DAY).toISOString()}&to=${new Date(to).toISOString()}`,
    );
    assert.ok(expected.deployment_frequency.count > 0, 'the demo deploys in the last 30 days');
    await page.locator('.chart-box canvas').first().waitFor();
    assert.equal(await page.locator('.chart').count(), METRICS.length);
    await screenshot(page, 'overview-light');
  });

  test('the README picture: the overview at 1280×800, written to docs/images/dashboard.png', async () => {
    const shot = await browser.newPage({ colorScheme: 'light', viewport: { width: 1280, height: 800 } });
    try {
      await shot.goto(`${server.url}/`);
      await shot.locator('.chart-box canvas').first().waitFor();
      await shot.locator('.card .sparkline path').first().waitFor();
      await shot.waitForLoadState('networkidle');
      mkdirSync(dirname(README_PICTURE), { recursive: true });
      const png = await shot.screenshot({ path: README_PICTURE });
      // PNG: width and height are the big-endian words at bytes 16 and 20.
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1280, 800]);
    } finally {
      await shot.close();
    }
  });

  test('a service filter changes the numbers and the URL', async () => {
    const { body } = await server.get('/api/v1/services');
    const service = (body.services as { name: string }[])[0]!.name;
    await page.selectOption('select[name="service"]', service);
    await page.waitForURL((url) => url.searchParams.get('service') === service);
    const from = await page.locator('.window').getAttribute('data-from');
    const to = await page.locator('.window').getAttribute('data-to');
    const all = await metricsOf(`from=${from}&to=${to}`);
    const one = await assertCards(`from=${from}&to=${to}&service=${service}`);
    assert.ok(one.deployment_frequency.count < all.deployment_frequency.count);
    // A shared link opens the same view.
    await page.goto(page.url());
    await assertCards(`from=${from}&to=${to}&service=${service}`);
  });

  test('a card drills into the deployments it counts; rows link to each other', async () => {
    await page.getByRole('link', { name: 'Evidence for Deployment frequency' }).click();
    await page.waitForURL((url) => url.pathname === '/evidence');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('tab'), 'deployments');
    const service = url.searchParams.get('service')!;
    const from = await page.locator('.window').textContent();
    assert.ok(from?.includes(`service ${service}`));
    await page.locator('table.evidence tbody tr[id^="deployment-"]').first().waitFor();
    const to = Math.floor(Date.now() / DAY) * DAY + DAY;
    const query = `from=${new Date(to - 30 * DAY).toISOString()}&to=${new Date(to).toISOString()}&service=${service}`;
    const api = await server.get(`/api/v1/deployments?${query}&production=true&status=success`);
    const shown = await page
      .locator('table.evidence tbody tr[id^="deployment-"]')
      .evaluateAll((rows) => rows.map((row) => row.id));
    assert.deepEqual(
      shown,
      (api.body.items as { id: string }[]).map((item) => `deployment-${item.id}`),
    );
    await screenshot(page, 'evidence-light');

    await page.getByRole('link', { name: 'Changes' }).first().click();
    await page.waitForURL((next) => next.searchParams.get('tab') === 'changes');
    const link = page.locator('table.evidence tbody tr[id^="change-"] td:last-child a').first();
    const target = (await link.textContent())!;
    await link.click();
    await page.locator(`tr[id="deployment-${target}"]`).waitFor();
    assert.equal(new URL(page.url()).hash, `#deployment-${target}`);
  });

  test('a chart point opens the evidence of its bucket, with the keyboard', async () => {
    await page.goto(`${server.url}/?range=7d`);
    const chart = page.getByRole('group', { name: /Deployment frequency per day/ });
    await chart.locator('canvas').waitFor();
    await chart.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/evidence');
    const url = new URL(page.url());
    const today = Math.floor(Date.now() / DAY) * DAY;
    assert.equal(url.searchParams.get('from'), new Date(today - DAY).toISOString());
    assert.equal(url.searchParams.get('to'), new Date(today).toISOString());
    await page.locator('table.evidence tbody tr').first().waitFor();
  });

  test("without a range in the URL the window is the server's default (settings window_days)", async () => {
    const put = (days: number) =>
      server.request('PUT', '/api/v1/settings', {
        json: { window_days: { deployment_frequency: days, change_failure_rate: days, other: days } },
      });
    assert.equal((await put(14)).status, 200);
    try {
      await page.goto(`${server.url}/`);
      const to = Math.floor(Date.now() / DAY) * DAY + DAY;
      await page.locator(`.window[data-from="${new Date(to - 14 * DAY).toISOString()}"]`).waitFor();
      assert.equal(await page.locator('select[name="range"]').inputValue(), '14d');
      await page.selectOption('select[name="range"]', '30d');
      await page.waitForURL((url) => url.searchParams.get('range') === '30d');
      await page.locator(`.window[data-from="${new Date(to - 30 * DAY).toISOString()}"]`).waitFor();
    } finally {
      assert.equal((await put(30)).status, 200);
    }
  });

  test('dark mode reads (screenshots in test-artifacts/)', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}/`);
    await page.locator('.chart-box canvas').first().waitFor();
    await page.locator('.card .sparkline path').first().waitFor();
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    assert.equal(background, 'rgb(15, 19, 24)');
    await screenshot(page, 'overview-dark');
    await page.goto(`${server.url}/evidence?tab=incidents&range=90d`);
    await page.locator('table.evidence tbody tr').first().waitFor();
    await screenshot(page, 'evidence-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('page weight and time to first render on demo data', async (t) => {
    const weight = await pageWeight(server.url);
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await fresh.goto(`${server.url}/`);
    await fresh.locator('.card .value').first().waitFor();
    const timing = await fresh.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const api = performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.includes('/api/'))
        .map((entry) => Math.round(entry.duration));
      return {
        firstPaintMs: Math.round(paint?.startTime ?? -1),
        cardsMs: Math.round(performance.now()),
        api,
      };
    });
    await fresh.close();
    const figures = { ...weight, ...timing, slowestApiMs: Math.max(...timing.api) };
    writeFileSync(`${ARTIFACTS}dashboard-figures.json`, `${JSON.stringify(figures, null, 2)}\n`);
    t.diagnostic(JSON.stringify(figures));
    // Budgets with room: a regression to a heavy framework or a blocking call shows here.
    assert.ok(weight.gzipBytes < 60_000, `${weight.gzipBytes} bytes gzip`);
    assert.ok(timing.cardsMs < 5000, `${timing.cardsMs} ms`);
  });
});

/**
 * The overview a team lead can trust, in a real Chromium over a demo history: the lead-time
 * breakdown shows the API's stages, every chart's tooltip gives value and n under the mouse, an
 * unfinished bucket says "so far", deployment frequency is charted in the card's unit, each "?"
 * shows the definition, window, n and the bands of `/api/v1/benchmarks`, and the overview and
 * benchmarks pages pass the audit (also with a "?" open).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bandsOf, bandWords } from '../../web/src/band-words.ts';
import { axisNumber, frequencyUnit, perUnit, toChartPoints } from '../../web/src/chart-points.ts';
import { formatRate } from '../../web/src/format.ts';
import { DEFINITIONS } from '../../web/src/metric-definitions.ts';
import { METRICS } from '../../web/src/metric-defs.ts';
import type { Benchmarks, Metrics, Series } from '../../web/src/types.ts';
import type { TestServer } from '../helpers/server.ts';
import { screenshot } from './browser.ts';
import { assertAccessible, auditPage, overflowing } from './page-audit.ts';
import { startDashboard, type DashboardServer } from './dashboard-server.ts';

const STAGES = ['coding', 'pickup', 'review', 'deploy'] as const;

describe('overview v2 over demo data (pglite)', () => {
  let dashboard: DashboardServer;
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    dashboard = await startDashboard({}, { days: 100, services: 4, seed: 7 });
    ({ server, browser } = dashboard);
    page = await browser.newPage({ colorScheme: 'light', viewport: { width: 1400, height: 1000 } });
  });
  after(async () => dashboard?.close());

  /** The window the page shows, as the API's query string. */
  const windowQuery = async () => {
    const window = page.locator('.window');
    return `from=${await window.getAttribute('data-from')}&to=${await window.getAttribute('data-to')}`;
  };
  const metricsOf = async (query: string) => (await server.get(`/api/v1/metrics?${query}`)).body as Metrics;

  test('the breakdown shows the API stages: median, p75, n and the pull-request share', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('.stage-table tbody tr').first().waitFor();
    const expected = await metricsOf(await windowQuery());
    assert.ok(expected.lead_time.with_pull_request > 0, 'the demo opens pull requests');
    for (const stage of STAGES) {
      const row = page.locator(`.stage-table tr[data-stage="${stage}"]`);
      const figures = expected.lead_time.stages[stage];
      assert.ok(figures.n > 0, stage);
      assert.equal(await row.getAttribute('data-median'), String(figures.median_seconds), stage);
      assert.equal(await row.getAttribute('data-p75'), String(figures.p75_seconds), stage);
      assert.equal(await row.getAttribute('data-n'), String(figures.n), stage);
    }
    const share = page.locator('.breakdown-share');
    assert.equal(await share.getAttribute('data-with-pr'), String(expected.lead_time.with_pull_request));
    assert.equal(await share.getAttribute('data-n'), String(expected.lead_time.n));
    const text = await share.textContent();
    assert.ok(text?.includes(formatRate(expected.lead_time.with_pull_request / expected.lead_time.n)), text!);
    assert.match((await page.locator('.breakdown').textContent())!, /do not add up to the lead-time median/);
    // One click from the lead-time card.
    await page.locator('.card[data-metric="lead_time"] a[href="#lead-time-breakdown"]').click();
    await page.waitForURL((url) => url.hash === '#lead-time-breakdown');
  });

  test('hovering a point of each chart shows its value with unit and n', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('.chart-box canvas').first().waitFor();
    const query = await windowQuery();
    const metrics = await metricsOf(query);
    const unit = frequencyUnit(metrics.deployment_frequency.per_day);
    for (const def of METRICS) {
      const series = (await server.get(`/api/v1/metrics/${def.series}/series?${query}&bucket=day`))
        .body as Series;
      const chart = page.locator(`.chart[data-chart="${def.key}"]`);
      const over = chart.locator('.u-over');
      await over.waitFor();
      // The mouse only reaches what is on screen.
      await over.scrollIntoViewIfNeeded();
      const points = toChartPoints(series, Date.now());
      const index = series.points.findLastIndex((point) => point.value !== null && point.n > 0);
      assert.ok(index >= 0, `${def.key} has a point`);
      const box = (await over.boundingBox())!;
      // uPlot spreads the x range over the plot's width: the index-th start sits at its fraction.
      const first = points[0]!.start;
      const last = points[points.length - 1]!.start;
      const x = Math.min(
        box.x + ((points[index]!.start - first) / (last - first)) * box.width,
        box.x + box.width - 1,
      );
      await page.mouse.move(x, box.y + box.height / 2);
      const tip = chart.locator('.chart-tip');
      await tip.waitFor();
      assert.equal(await tip.getAttribute('data-index'), String(index), def.key);
      assert.equal(await tip.locator('[data-n]').getAttribute('data-n'), String(series.points[index]!.n));
      const shown = (await tip.locator('.chart-tip-value').textContent())!;
      const point = points[index]!;
      const value =
        def.unit === 'frequency' ? perUnit(point, unit)! : def.unit === 'rate' ? point.value! * 100 : null;
      if (value !== null) assert.ok(shown.startsWith(axisNumber(value)), `${def.key}: ${shown}`);
      assert.match(
        shown,
        def.unit === 'rate' ? /%$/ : def.unit === 'frequency' ? / \/ (day|week)$/ : / (min|h|days)$/,
      );
      assert.match((await tip.textContent())!, /n = \d/);
    }
  });

  test('on a touch screen a tap shows the tooltip and a second tap opens the evidence; keys show it too', async () => {
    const phone = await browser.newPage({
      viewport: { width: 375, height: 800 },
      hasTouch: true,
      isMobile: true,
    });
    try {
      await phone.goto(`${server.url}/?range=7d`);
      const chart = phone.locator('.chart[data-chart="deployment_frequency"]');
      const over = chart.locator('.u-over');
      await over.waitFor();
      await over.scrollIntoViewIfNeeded();
      const box = (await over.boundingBox())!;
      // The bucket before the last: a whole day.
      const x = box.x + (box.width * 5) / 6;
      await phone.touchscreen.tap(x, box.y + box.height / 2);
      const tip = chart.locator('.chart-tip');
      await tip.waitFor();
      assert.equal(await tip.getAttribute('data-index'), '5');
      assert.match((await tip.textContent())!, /n = \d/);
      assert.equal(new URL(phone.url()).pathname, '/');
      await phone.touchscreen.tap(x, box.y + box.height / 2);
      await phone.waitForURL((url) => url.pathname === '/evidence');
    } finally {
      await phone.close();
    }
    await page.goto(`${server.url}/?range=7d`);
    const group = page.getByRole('group', { name: /Deployment frequency per day/ });
    await group.locator('canvas').waitFor();
    await group.focus();
    await page.keyboard.press('ArrowLeft');
    const tip = page.locator('.chart[data-chart="deployment_frequency"] .chart-tip');
    await tip.waitFor();
    assert.equal(await tip.getAttribute('data-index'), '6');
    assert.match((await tip.textContent())!, /so far/);
  });

  test('the last bucket, not over yet, is marked "so far"; frequency is per day of the time it covered', async () => {
    await page.goto(`${server.url}/?range=90d&bucket=week`);
    const chart = page.locator('.chart[data-chart="deployment_frequency"]');
    await chart.locator('.u-over').waitFor();
    const query = await windowQuery();
    const metrics = await metricsOf(query);
    const unit = frequencyUnit(metrics.deployment_frequency.per_day);
    const cardText = (await page.locator('.card[data-metric="deployment_frequency"] .value').textContent())!;
    assert.ok(cardText.endsWith(`/ ${unit}`), cardText);
    assert.equal(await chart.getAttribute('data-unit'), `deployments per ${unit}`);
    const series = (await server.get(`/api/v1/metrics/deployment-frequency/series?${query}&bucket=week`))
      .body as Series;
    const points = toChartPoints(series, Date.now());
    const lastPoint = points[points.length - 1]!;
    assert.ok(lastPoint.soFar, 'a 90-day window ending at the next midnight ends in an unfinished week');
    assert.match((await chart.locator('[data-so-far]').textContent())!, /so far/);
    // Hover the last point: the tooltip says "so far", the value is per unit of the days it covered.
    await chart.locator('.u-over').scrollIntoViewIfNeeded();
    const box = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    const tip = chart.locator('.chart-tip');
    await tip.waitFor();
    assert.match((await tip.textContent())!, /so far/);
    // The page read the clock a moment before this test did: the days covered differ by that much.
    const expected = perUnit(lastPoint, unit)!;
    const shown = Number(await tip.locator('.chart-tip-value').getAttribute('data-value'));
    assert.ok(Math.abs(shown - expected) / expected < 0.01, `${shown} against ${expected}`);
    // Divided by the days the week has had, not by seven: no crash in the last point.
    assert.ok(lastPoint.days < 7, `${lastPoint.days} days`);
    const overSevenDays = (lastPoint.value! / 7) * (unit === 'week' ? 7 : 1);
    if (lastPoint.value! > 0) assert.ok(shown > overSevenDays, `${shown} against ${overSevenDays}`);
    // A whole week in the middle: the plotted value is its count over seven days, in the card's unit.
    const middle = points[Math.floor(points.length / 2)]!;
    assert.equal(middle.days, 7);
    assert.equal(perUnit(middle, unit), (middle.value! / 7) * (unit === 'week' ? 7 : 1));
    await screenshot(page, 'overview-v2-weekly');
  });

  test('each "?" shows the definition, the window, n and the bands of /api/v1/benchmarks', async () => {
    await page.goto(`${server.url}/?benchmark=2023`);
    await page.locator('.card .value').first().waitFor();
    const metrics = await metricsOf(`${await windowQuery()}&benchmark=2023`);
    const benchmarks = (await server.get('/api/v1/benchmarks')).body as Benchmarks;
    const table = benchmarks.years.find((year) => year.year === 2023)!;
    for (const def of METRICS) {
      const name = def.title.replace(/ \(median\)$/, '').toLowerCase();
      const button = page.getByRole('button', { name: `About ${name}`, exact: true });
      await button.click();
      const dialog = page.getByRole('dialog', { name: def.title });
      await dialog.waitFor();
      const definition = DEFINITIONS[def.key]!;
      const text = (await dialog.textContent())!;
      for (const sentence of definition.sentences)
        assert.ok(text.includes(sentence), `${def.key}: ${sentence}`);
      const window = definition.window(metrics);
      const shownWindow = dialog.locator('[data-window-from]');
      assert.equal(await shownWindow.getAttribute('data-window-from'), window.from);
      assert.equal(await shownWindow.getAttribute('data-window-to'), window.to);
      assert.equal(
        await dialog.locator('[data-info-n]').getAttribute('data-info-n'),
        String(def.sample(metrics)),
      );
      if (definition.bands !== null) {
        assert.equal(await dialog.locator('table[data-bands]').getAttribute('data-year'), '2023');
        const expected = bandsOf(table.bands, definition.bands).map((band) => (band ? bandWords(band) : ''));
        const shown = await dialog
          .locator('td[data-bound]')
          .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-bound')));
        assert.deepEqual(shown, expected, def.key);
      }
      if (def.key === 'lead_time') {
        await assertAccessible(page, 'overview with a "?" open');
        await screenshot(page, 'overview-v2-info-open');
      }
      // Esc closes and gives focus back to the "?".
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal(
        await page.evaluate('document.activeElement?.getAttribute("aria-label")'),
        `About ${name}`,
      );
    }
    await page.getByRole('button', { name: 'About the overall level' }).click();
    const overall = page.getByRole('dialog', { name: 'Overall DORA level' });
    await overall.waitFor();
    assert.match((await overall.textContent())!, /lowest of deployment frequency/);
    await page.keyboard.press('Escape');
    assert.match(
      (await page.locator('.overall').textContent())!,
      new RegExp(`Overall: ${metrics.level ?? 'no level'}.*\\(2023 bands\\)`, 'i'),
    );
  });

  test('the benchmarks page lists every year with its source; the selected year is said', async () => {
    await page.goto(`${server.url}/benchmarks`);
    await page.locator('.benchmark-year').first().waitFor();
    const benchmarks = (await server.get('/api/v1/benchmarks')).body as Benchmarks;
    assert.equal(await page.locator('[data-selected-year]').textContent(), String(benchmarks.default_year));
    for (const table of benchmarks.years) {
      const section = page.locator(`.benchmark-year[data-year="${table.year}"]`);
      assert.equal(
        await section.getByRole('link', { name: table.source.title }).getAttribute('href'),
        table.source.url,
      );
      for (const metric of ['lead_time', 'change_failure_rate', 'deployment_frequency']) {
        const shown = await section
          .locator(`tr[data-metric="${metric}"] td`)
          .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-bound')));
        assert.deepEqual(
          shown,
          bandsOf(table.bands, metric).map((band) => (band ? bandWords(band) : '')),
          `${table.year} ${metric}`,
        );
      }
    }
    await page.getByRole('link', { name: 'overview with 2021' }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('benchmark') === '2021');
    await page.locator('.overall').waitFor();
    assert.match((await page.locator('.overall').textContent())!, /2021 bands/);
  });

  test('the overview and the benchmarks page pass the audit, also with a "?" open at 375 px', async () => {
    await auditPage(browser, { name: 'overview-v2', url: `${server.url}/`, ready: '.stage-table tbody tr' });
    await auditPage(browser, {
      name: 'benchmarks',
      url: `${server.url}/benchmarks`,
      ready: '.benchmark-year',
    });
    for (const colorScheme of ['light', 'dark'] as const) {
      const phone = await browser.newPage({ colorScheme, viewport: { width: 375, height: 800 } });
      try {
        await phone.goto(`${server.url}/`);
        await phone.getByRole('button', { name: 'About change failure rate', exact: true }).click();
        await phone.getByRole('dialog').waitFor();
        await assertAccessible(phone, `overview with a "?" open at 375 px ${colorScheme}`);
        assert.deepEqual(await overflowing(phone), []);
        await screenshot(phone, `pages/overview-v2-info-375-${colorScheme}`);
      } finally {
        await phone.close();
      }
    }
  });
});

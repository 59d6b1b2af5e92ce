/**
 * The Teams & services page in a real Chromium over a demo history (8 services, 4 teams, and one
 * catalogued service with no team that never deployed): every team and service row shows exactly
 * what `/api/v1/metrics?group_by=` answers for it (value, n, level, the change against the
 * previous period), headers sort, a cell leads to the overview filtered to its team, and the page
 * passes the audit (axe, 375 px, light and dark) collapsed and expanded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { METRICS } from '../../web/src/metric-defs.ts';
import {
  columnsFor,
  sortRows,
  teamRows,
  trendOf,
  valueOf,
  type GroupedMetrics,
  type MetricGroup,
} from '../../web/src/pages/teams-data.ts';
import type { Metrics } from '../../web/src/types.ts';
import type { TestServer } from '../helpers/server.ts';
import { auditPage } from './page-audit.ts';
import { startDashboard, type DashboardServer } from './dashboard-server.ts';

const DAY = 86_400_000;

interface ShownCell {
  metric: string;
  value: string;
  n: string;
  level: string;
  text: string;
  trend: string;
  label: string | null;
  href: string | null;
}
interface ShownRow {
  team: string | null;
  service: string | null;
  cells: ShownCell[];
}

/** Every body row of the table as the page shows it (a string: no DOM types outside web/). */
const SHOWN_ROWS = `[...document.querySelectorAll('.teams-table tbody tr')].map((tr) => ({
  team: tr.dataset.team ?? null,
  service: tr.dataset.service ?? null,
  cells: [...tr.querySelectorAll('td')].map((td) => ({
    metric: td.dataset.metric, value: td.dataset.value, n: td.dataset.n, level: td.dataset.level,
    text: td.querySelector('.cell-value').textContent.trim(),
    trend: td.querySelector('.trend').dataset.trend,
    label: td.querySelector('.trend').getAttribute('aria-label'),
    href: td.querySelector('a') ? td.querySelector('a').getAttribute('href') : null,
  })),
}))`;

describe('Teams & services page over demo data (pglite)', () => {
  let dashboard: DashboardServer;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const to = Math.floor(Date.now() / DAY) * DAY + DAY;
  const from = to - 30 * DAY;
  const period = (start: number, end: number) =>
    `from=${new Date(start).toISOString()}&to=${new Date(end).toISOString()}`;

  before(async () => {
    dashboard = await startDashboard({}, { days: 75, services: 8, seed: 7 });
    ({ server, browser } = dashboard);
    const put = await server.request('PUT', '/api/v1/services/legacy-cron', { json: {} });
    assert.ok(put.status < 300, JSON.stringify(put.body));
    page = await browser.newPage({ colorScheme: 'light', viewport: { width: 1400, height: 900 } });
  });
  after(async () => dashboard?.close());

  const grouped = async (by: string, window: string): Promise<GroupedMetrics> => {
    const response = await server.get(`/api/v1/metrics?${window}&group_by=${by}`);
    assert.equal(response.status, 200);
    return response.body as GroupedMetrics;
  };

  test('every team and service row shows exactly the API’s numbers for its group', async () => {
    await page.goto(`${server.url}/teams?expand=all`);
    await page.locator('.teams-table tbody tr.row-service').first().waitFor();
    assert.equal(await page.locator('.window').getAttribute('data-from'), new Date(from).toISOString());
    assert.equal(await page.locator('.window').getAttribute('data-to'), new Date(to).toISOString());
    const [teams, services, previousTeams, previousServices] = await Promise.all([
      grouped('team', period(from, to)),
      grouped('service', period(from, to)),
      grouped('team', period(from - 30 * DAY, from)),
      grouped('service', period(from - 30 * DAY, from)),
    ]);
    assert.deepEqual(
      teams.groups.map((group) => group.team),
      ['finance', 'fulfilment', 'platform', 'storefront', null],
    );
    const expected = teamRows(teams.groups, services.groups, previousTeams.groups, previousServices.groups);
    const shown = (await page.evaluate(SHOWN_ROWS)) as ShownRow[];
    const expectedRows = expected.flatMap((team) => [team, ...team.services]);
    assert.equal(shown.length, expectedRows.length, 'a row per team and per service');
    assert.equal(shown.length, 5 + 9);
    const columns = columnsFor(teams.benchmark);
    let trends = 0;
    expectedRows.forEach((row, index) => {
      const at = shown[index]!;
      if (row.kind === 'team') assert.equal(at.team, row.name ?? '', `row ${index}`);
      else assert.equal(at.service, row.name, `row ${index}`);
      const label = `${row.kind} ${row.name ?? 'none'}`;
      assert.deepEqual(
        at.cells.map((cell) => cell.metric),
        columns.map((def) => def.key),
      );
      columns.forEach((def, c) => {
        const cell = at.cells[c]!;
        const value = valueOf(def, row.group);
        const metrics = row.group as Metrics;
        assert.equal(cell.value, value === null ? '' : String(value), `${label} ${def.key} value`);
        assert.equal(
          cell.text,
          value === null ? 'insufficient data' : def.text(metrics),
          `${label} ${def.key} text`,
        );
        assert.equal(cell.n, String(def.sample(metrics)), `${label} ${def.key} n`);
        const level = def.level(metrics);
        assert.equal(
          cell.level,
          value === null || level === undefined ? '' : (level ?? ''),
          `${label} ${def.key} level`,
        );
        const trend = trendOf(def, row.group, row.previous, 30);
        assert.equal(cell.trend, trend?.direction ?? '', `${label} ${def.key} trend`);
        assert.equal(cell.label, trend?.label ?? null);
        if (trend) trends += 1;
        if (row.kind === 'team' && row.name === null) assert.equal(cell.href, null);
        else {
          const href = new URL(cell.href!, server.url);
          assert.equal(href.pathname, '/');
          assert.equal(href.searchParams.get(row.kind), row.name);
        }
      });
    });
    assert.ok(trends > 20, 'most cells compare with the previous 30 days');
    // The silent service reads as insufficient data, not as zeros.
    const silent = shown.find((row) => row.service === 'legacy-cron')!;
    assert.ok(silent.cells.every((cell) => cell.text === 'insufficient data' && cell.n === '0'));
    const label = await page.locator('.trend[role="img"]').first().getAttribute('aria-label');
    assert.match(
      label!,
      /^(up|down) [\d.]+( pp|%) vs previous 30 days, (better|worse)$|^about the same vs previous 30 days$/,
    );
  });

  test('headers sort by any column, both ways, with aria-sort; rows without data stay last', async () => {
    await page.goto(`${server.url}/teams`);
    await page.locator('.teams-table tbody tr.row-team').first().waitFor();
    const teams = await grouped('team', period(from, to));
    const rows = teamRows(teams.groups, [], undefined, undefined);
    const shownTeams = async () =>
      (await page
        .locator('.teams-table tbody tr.row-team')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-team')))) as string[];
    const asShown = (sorted: typeof rows) => sorted.map((row) => row.name ?? '');
    const columns = columnsFor(teams.benchmark);
    for (const def of [columns[1]!, columns[0]!]) {
      const header = page.locator(`th:has(button[data-sort="${def.key}"])`);
      await header.locator('button').click();
      assert.equal(await header.getAttribute('aria-sort'), 'ascending');
      const ascending = sortRows(rows, { column: def.key, direction: 'ascending' }, columns);
      assert.deepEqual(await shownTeams(), asShown(ascending), `${def.key} ascending`);
      const values = ascending.map((row) => valueOf(def, row.group)).filter((value) => value !== null);
      assert.deepEqual(
        values,
        [...values].sort((a, b) => a - b),
      );
      assert.equal(valueOf(def, ascending.at(-1)!.group), null, 'no data last');
      // By keyboard: the header is a button.
      await header.locator('button').focus();
      await page.keyboard.press('Enter');
      assert.equal(await header.getAttribute('aria-sort'), 'descending');
      assert.deepEqual(
        await shownTeams(),
        asShown(sortRows(rows, { column: def.key, direction: 'descending' }, columns)),
        `${def.key} descending`,
      );
      assert.equal(await page.locator('th[aria-sort="none"]').count(), columns.length);
    }
    // The order is in the URL: a shared link opens the same view.
    const url = new URL(page.url());
    assert.deepEqual(
      [url.searchParams.get('sort'), url.searchParams.get('order')],
      [columns[0]!.key, 'desc'],
    );
    await page.goto(page.url());
    await page.locator('.teams-table tbody tr.row-team').first().waitFor();
    const header = page.locator(`th:has(button[data-sort="${columns[0]!.key}"])`);
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
  });

  test('a cell leads to the overview filtered to its team, whose cards show /api/v1/metrics?team=', async () => {
    await page.goto(`${server.url}/teams`);
    const cell = page.locator('tr.row-team[data-team="platform"] td[data-metric="lead_time"] a');
    await cell.click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('team') === 'platform');
    const expected = (await server.get(`/api/v1/metrics?${period(from, to)}&team=platform`)).body as Metrics;
    for (const def of METRICS) {
      const card = page.locator(`.card[data-metric="${def.key}"]`);
      await card.locator(`[data-sample="${def.sample(expected)}"]`).waitFor();
      const value = def.value(expected);
      assert.equal(
        await card.locator('.value').getAttribute('data-value'),
        value === null ? '' : String(value),
      );
    }
    assert.equal(await page.locator('select[name="team"]').inputValue(), 'platform');
  });

  test('expanding a team shows its services beneath it; the button says what it does', async () => {
    await page.goto(`${server.url}/teams`);
    const button = page.locator('tr.row-team[data-team="storefront"] button.expand');
    await button.waitFor();
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('tr.row-service').count(), 0);
    await button.click();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    const services = (await grouped('service', `${period(from, to)}&team=storefront`)).groups;
    const shown = await page
      .locator('tr.row-service')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-service')));
    assert.deepEqual(
      shown,
      services.map((group: MetricGroup) => group.service),
    );
    const controls = (await button.getAttribute('aria-controls'))!.split(' ');
    assert.equal(controls.length, services.length);
    assert.match((await button.getAttribute('aria-label'))!, /Hide the 2 services of storefront/);
  });

  test('audit: axe, no overflow at 375 px, light and dark, collapsed and expanded', async () => {
    await auditPage(browser, { name: 'teams', url: `${server.url}/teams`, ready: '.teams-table tbody tr' });
    await auditPage(browser, {
      name: 'teams-expanded',
      url: `${server.url}/teams?expand=all`,
      ready: '.teams-table tbody tr.row-service',
    });
  });
});

describe('Teams & services page, empty states (pglite)', () => {
  let dashboard: DashboardServer;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    dashboard = await startDashboard();
    ({ server, browser } = dashboard);
  });
  after(async () => dashboard?.close());

  test('with no data it shows how to send a first event; a filter naming nothing says so', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${server.url}/teams`);
      await page.getByRole('heading', { name: 'No events yet' }).waitFor();
      assert.equal(await page.locator('.teams-table').count(), 0);
      const put = await server.request('PUT', '/api/v1/services/shop', { json: { team: 'web' } });
      assert.ok(put.status < 300);
      await page.goto(`${server.url}/teams?team=nosuch`);
      await page.getByText('No service matches these filters').waitFor();
      await page.goto(`${server.url}/teams`);
      const cells = page.locator('tr.row-team[data-team="web"] td .cell-value');
      await cells.first().waitFor();
      assert.deepEqual([...new Set(await cells.allTextContents())], ['insufficient data']);
    } finally {
      await page.close();
    }
  });
});

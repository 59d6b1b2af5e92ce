/**
 * The evidence page in a real Chromium over demo data: each overview card's link opens a list whose
 * total is the card's number (and the API's), the CSV download holds exactly the rows shown, sorting
 * and paging follow the API, a GitHub row links to its commit, and every tab passes the audit.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sign } from '@octokit/webhooks-methods';
import type { Browser, Page } from 'playwright-core';
import { METRICS } from '../../web/src/metric-defs.ts';
import { PRESETS } from '../../web/src/pages/evidence-query.ts';
import type { Metrics } from '../../web/src/types.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import type { TestServer } from '../helpers/server.ts';
import { auditPage } from './page-audit.ts';
import { startDashboard, type DashboardServer } from './dashboard-server.ts';

const SECRET = 'evidence-secret';
const SHA = 'ab'.repeat(20);
const DAY = 86_400_000;

describe('evidence page over demo data (pglite)', () => {
  let dashboard: DashboardServer;
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  /** One deployment delivered by GitHub yesterday: its commit link goes to github.com. */
  async function deliverGitHubDeployment() {
    const at = new Date(Date.now() - DAY).toISOString();
    const payload = {
      action: 'created',
      deployment_status: {
        id: 900,
        state: 'success',
        created_at: at,
        environment: 'production',
        log_url: 'https://github.com/acme/storefront-web/actions/runs/900/job/9000',
      },
      deployment: {
        id: 90,
        sha: SHA,
        ref: 'main',
        task: 'deploy',
        environment: 'production',
        created_at: at,
      },
      repository: {
        id: 9,
        name: 'storefront-web',
        full_name: 'acme/storefront-web',
        html_url: 'https://github.com/acme/storefront-web',
        owner: { login: 'acme' },
      },
    };
    await deliverGitHub('deployment_status', payload);
    // An incident issue an hour later: its row links to the issue.
    await deliverGitHub('issues', {
      action: 'opened',
      issue: {
        number: 91,
        html_url: 'https://github.com/acme/storefront-web/issues/91',
        title: 'Checkout button unresponsive',
        state: 'open',
        created_at: new Date(Date.parse(at) + 3_600_000).toISOString(),
        labels: [{ name: 'incident' }],
      },
      repository: payload.repository,
    });
  }

  async function deliverGitHub(event: string, payload: object) {
    const body = JSON.stringify(payload);
    const response = await server.request('POST', '/api/v1/webhooks/github', {
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': await sign(SECRET, body),
      },
      body,
    });
    assert.ok(response.status < 300, JSON.stringify(response.body));
  }

  before(async () => {
    dashboard = await startDashboard(
      { webhooks: { github: { secrets: [SECRET] } } },
      { days: 60, services: 4, seed: 7 },
    );
    ({ server, browser } = dashboard);
    await deliverGitHubDeployment();
    page = await browser.newPage({
      colorScheme: 'light',
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
    });
  });
  after(async () => dashboard?.close());

  const totalShown = async () => Number(await page.locator('.evidence-total').getAttribute('data-total'));
  const rowIds = () =>
    page.locator('table.evidence tbody tr[id]').evaluateAll((rows) => rows.map((row) => row.id));
  /** Waits until the table's first row is `id` (the page loaded the list asked for). */
  const firstRow = (id: string) =>
    page.locator(`table.evidence tbody tr[id]:first-child[id="${id}"]`).waitFor();

  /** The API query of the page on screen: its URL's filters and sort, over the window it shows. */
  const apiQuery = async () => {
    const params = new URL(page.url()).searchParams;
    for (const key of ['tab', 'only', 'range']) params.delete(key);
    params.set('from', (await page.locator('.window').getAttribute('data-from'))!);
    params.set('to', (await page.locator('.window').getAttribute('data-to'))!);
    return params;
  };

  test("each card's link opens a list whose total is the card's number and the API's", async () => {
    for (const def of METRICS) {
      await page.goto(`${server.url}/`);
      await page.getByRole('link', { name: `Evidence for ${def.title}` }).click();
      await page.waitForURL((url) => url.pathname === '/evidence');
      await page.locator('.evidence-total[data-total]').waitFor();
      const window = page.locator('.window');
      const query = `from=${await window.getAttribute('data-from')}&to=${await window.getAttribute('data-to')}`;
      const metrics = (await server.get(`/api/v1/metrics?${query}`)).body as Metrics;
      const shown = await totalShown();
      if (def.key === 'change_failure_rate' || def.key === 'rework_rate') {
        const part =
          def.key === 'change_failure_rate' ? metrics.change_failure_rate.failed : metrics.rework_rate.rework;
        assert.equal(shown, part, def.key);
        await page.locator('.evidence-base[data-base-total]').waitFor();
        const base = Number(await page.locator('.evidence-base').getAttribute('data-base-total'));
        assert.equal(base, def.sample(metrics), def.key);
      } else {
        assert.equal(shown, def.sample(metrics), def.key);
      }
      // The API, asked with the filters the page put in its URL, counts the same.
      const url = new URL(page.url());
      const tab = url.searchParams.get('tab')!;
      const preset = new URLSearchParams(PRESETS[`${tab}:${url.searchParams.get('only')}`]);
      const api = await server.get(`/api/v1/${tab}?${query}&${preset}`);
      assert.equal(api.body.total, shown, def.key);
      assert.ok(
        !(await page.locator('main').textContent())!.includes('Showing'),
        'no "Showing … only" heading',
      );
    }
  });

  test('a failed deployment reads as succeeded, then failed in production', async () => {
    await page.goto(`${server.url}/evidence?tab=deployments&only=failed&range=90d`);
    await page.locator('table.evidence tbody tr[id]').first().waitFor();
    const outcome = await page.locator('table.evidence tbody tr[id] .outcome-failed').first().textContent();
    assert.match(outcome!, /^Succeeded, then failed in production/);
    assert.match(
      (await page.locator('.evidence-total').textContent()) ?? '',
      /failed production deployments? in /,
    );
  });

  test('Download CSV saves exactly the rows shown', async () => {
    await page.goto(`${server.url}/evidence?tab=changes&range=90d&stage=review&sort=-review`);
    await page.locator('table.evidence tbody tr[id]').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^fivekeys-changes-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const [header, ...rows] = parseCsv(readFileSync((await download.path())!, 'utf8'));
    const shown = await rowIds();
    assert.equal(rows.length, shown.length);
    assert.deepEqual(
      rows.map((row) => `change-${row[header!.indexOf('sha')]}`),
      shown,
    );
  });

  test('sorting by a column and paging follow the API', async () => {
    await page.goto(`${server.url}/evidence?tab=deployments&range=90d`);
    await page.locator('table.evidence tbody tr[id]').first().waitFor();
    assert.ok((await totalShown()) > 100, 'the demo has more than one page of deployments');
    await page.getByRole('button', { name: /Recovery time/ }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === '-recovery');
    await page.locator('th[aria-sort="descending"]').waitFor();
    const params = await apiQuery();
    const first = (await server.get(`/api/v1/deployments?${params}&limit=100`)).body;
    await firstRow(`deployment-${first.items[0].id}`);
    assert.deepEqual(
      await rowIds(),
      first.items.map((item: { id: string }) => `deployment-${item.id}`),
    );

    await page.getByRole('button', { name: 'Next 100' }).click();
    await page.waitForURL((url) => url.searchParams.has('cursor'));
    const second = (await server.get(`/api/v1/deployments?${await apiQuery()}&limit=100`)).body;
    await firstRow(`deployment-${second.items[0].id}`);
    assert.deepEqual(
      await rowIds(),
      second.items.map((item: { id: string }) => `deployment-${item.id}`),
    );
    assert.match((await page.locator('.evidence-actions .muted').textContent())!, /^Rows 101–/);

    await page.getByRole('button', { name: 'Previous' }).click();
    await page.waitForURL((url) => !url.searchParams.has('cursor'));
    await firstRow(`deployment-${first.items[0].id}`);
  });

  test('GitHub rows link their commit, job log and issue on github.com, in a new tab, with a name', async () => {
    await page.goto(`${server.url}/evidence?tab=deployments&range=7d&service=storefront-web`);
    const link = page
      .locator(`a.source-link[href="https://github.com/acme/storefront-web/commit/${SHA}"]`)
      .first();
    await link.waitFor();
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match((await link.getAttribute('aria-label'))!, /^Commit abababab on github\.com/);
    const pipeline = page.locator(
      'a.source-link[href="https://github.com/acme/storefront-web/actions/runs/900/job/9000"]',
    );
    assert.match(
      (await pipeline.getAttribute('aria-label'))!,
      /^Pipeline run of deployment acme\/storefront-web\/deployments\/90 on github\.com/,
    );
    await page.goto(`${server.url}/evidence?tab=incidents&range=7d&service=storefront-web`);
    const issue = page.locator('a.source-link[href="https://github.com/acme/storefront-web/issues/91"]');
    await issue.waitFor();
    assert.match(
      (await issue.getAttribute('aria-label'))!,
      /^Incident acme\/storefront-web#91 on github\.com/,
    );
  });

  test('every tab passes the page audit (axe, 375 px, screenshots)', async () => {
    for (const tab of ['deployments', 'changes', 'incidents']) {
      await auditPage(browser, {
        name: `evidence-${tab}`,
        url: `${server.url}/evidence?tab=${tab}&range=90d`,
        ready: 'table.evidence tbody tr[id]',
      });
    }
    // A card's drill-down: the failed deployments beside the deployments they are a share of.
    await auditPage(browser, {
      name: 'evidence-failed',
      url: `${server.url}/evidence?tab=deployments&only=failed&range=90d`,
      ready: '.evidence-base[data-base-total]',
    });
  });
});

/**
 * What every dashboard browser test starts from: the built dashboard served by a listening server
 * over an embedded database (with demo data when asked), and Debian's Chromium. `close` ends all
 * three; each test file opens its own pages.
 */
import type { Browser } from 'playwright-core';
import { loadDemo, type LoadDemoOptions } from '../../src/service/demo/demo.ts';
import { backends } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser } from './browser.ts';
import { buildDashboard } from './build-dashboard.ts';

export interface DashboardServer {
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startDashboard(
  config: Omit<Parameters<typeof startServer>[1], 'dashboardDir'> = {},
  demo?: Omit<LoadDemoOptions, 'end'>,
): Promise<DashboardServer> {
  const dashboardDir = await buildDashboard();
  const testDb = await backends()[0]!.create();
  const server = await startServer(testDb.db, { ...config, dashboardDir });
  if (demo) await loadDemo(server.services, { ...demo, end: new Date() });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await testDb.drop();
    },
  };
}

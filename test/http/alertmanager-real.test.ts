/**
 * A real Prometheus Alertmanager (Debian's `prometheus-alertmanager`) with a webhook receiver
 * pointing at a listening fivekeys: an alert posted to Alertmanager becomes an incident, and its
 * resolution resolves it. Skipped, saying so, where the binary is not installed.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { freePort, until } from '../helpers/processes.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const BINARY = '/usr/bin/prometheus-alertmanager';
const TOKEN = 'alertmanager-test-token';

const config = (url: string) => `
route:
  receiver: fivekeys
  group_by: [alertname, service]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: fivekeys
    webhook_configs:
      - url: ${url}/api/v1/webhooks/alertmanager
        send_resolved: true
        http_config:
          authorization:
            credentials: ${TOKEN}
`;

const backend = backends()[0]!;

describe(
  'a real Alertmanager delivering to fivekeys',
  { skip: !existsSync(BINARY) && `${BINARY} is not installed (apt-get install prometheus-alertmanager)` },
  () => {
    let testDb: TestDb;
    let server: TestServer;
    let alertmanager: ChildProcess;
    let alertmanagerUrl: string;
    let folder: string;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, { adminToken: TOKEN });
      folder = mkdtempSync(join(tmpdir(), 'fivekeys-alertmanager-'));
      writeFileSync(join(folder, 'alertmanager.yml'), config(server.url));
      const port = await freePort();
      alertmanagerUrl = `http://127.0.0.1:${port}`;
      alertmanager = spawn(
        BINARY,
        [
          `--config.file=${join(folder, 'alertmanager.yml')}`,
          `--storage.path=${folder}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--cluster.listen-address=',
        ],
        { stdio: 'ignore' },
      );
      await until('Alertmanager to be ready', async () =>
        (await fetch(`${alertmanagerUrl}/-/ready`)).ok ? true : undefined,
      );
    });
    after(async () => {
      alertmanager?.kill();
      await server?.close();
      await testDb?.drop();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    const postAlert = async (startsAt: string, endsAt?: string) => {
      const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          {
            labels: {
              alertname: 'CheckoutErrors',
              service: 'checkout',
              severity: 'critical',
              environment: 'production',
            },
            annotations: { summary: 'Checkout error rate above 5%' },
            startsAt,
            ...(endsAt ? { endsAt } : {}),
          },
        ]),
      });
      assert.equal(response.status, 200, await response.text());
    };

    const incident = () =>
      testDb.db.query<{
        service: string;
        environment: string;
        severity: string;
        title: string;
        started_at: Date;
        resolved_at: Date | null;
      }>('select service, environment, severity, title, started_at, resolved_at from incidents');

    test('a firing alert becomes an incident, its resolution resolves it', async () => {
      const startsAt = new Date(Date.now() - 60_000);
      startsAt.setMilliseconds(0);
      await postAlert(startsAt.toISOString());
      const [opened] = await until('the incident', async () =>
        (await incident()).length > 0 ? incident() : undefined,
      );
      assert.deepEqual(
        { ...opened, started_at: opened?.started_at.toISOString() },
        {
          service: 'checkout',
          environment: 'production',
          severity: 'critical',
          title: 'Checkout error rate above 5%',
          started_at: startsAt.toISOString(),
          resolved_at: null,
        },
      );

      const endsAt = new Date();
      endsAt.setMilliseconds(0);
      await postAlert(startsAt.toISOString(), endsAt.toISOString());
      const [resolved] = await until('the resolution', async () => {
        const rows = await incident();
        return rows[0]?.resolved_at ? rows : undefined;
      });
      assert.equal(resolved?.resolved_at?.toISOString(), endsAt.toISOString());
      const raw = await testDb.db.query<{ n: number }>(
        `select count(*)::int as n from raw_requests where source = 'alertmanager'`,
      );
      assert.ok((raw[0]?.n ?? 0) >= 2);
    });
  },
);

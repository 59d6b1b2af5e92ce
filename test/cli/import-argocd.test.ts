/**
 * `fivekeys import argocd` with the real binary against recorded Argo CD API answers
 * (test/fixtures/argocd-api: four applications — a Kustomize app with three syncs, one whose last
 * sync failed, a multi-source Helm + Git app, a Helm chart), served by a small HTTP server in this
 * process that checks the bearer token as Argo CD does. The deployments expected below are derived
 * by hand from those files and docs/argocd-notifications.yaml.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../helpers/server.ts';
import { cliBackends, createCliDatabase, runCli, type CliDatabase } from './cli-database.ts';

const ARGOCD_TOKEN = 'argocd-recorded-token';
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/argocd-api/${name}`, import.meta.url), 'utf8');

/** The recorded answers, by request path and query, as Argo CD v2.13 gave them. */
const RECORDED: Record<string, string> = {
  '/api/v1/applications': 'applications.json',
  '/api/v1/applications?name=checkout': 'applications-name-checkout.json',
  '/api/v1/applications?projects=payments': 'applications-projects-payments.json',
};

interface RecordedArgoCd {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

async function startRecordedArgoCd(): Promise<RecordedArgoCd> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const answer = (status: number, body: string) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    if (request.headers.authorization !== `Bearer ${ARGOCD_TOKEN}`) {
      return answer(401, fixture('unauthorized.json'));
    }
    const file = RECORDED[request.url ?? ''];
    if (file === undefined) return answer(404, '{"error":"Not Found","code":5,"message":"Not Found"}');
    return answer(200, fixture(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What each sync becomes, newest first (the evidence list's order), worked out from the fixtures. */
const EXPECTED = [
  {
    id: 'apps/payments/86f7e437faa5a7fce15d1ddcb9eaeaea377667b8/2026-03-07T09:01:10Z',
    service: 'payments',
    environment: 'production',
    status: 'success',
    started_at: '2026-03-07T09:00:05.000Z',
    finished_at: '2026-03-07T09:01:10.000Z',
    version: null,
    repository: 'acme/payments-config',
    commit: '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8',
  },
  {
    id: 'argocd/redis-cache/19.6.4/2026-03-07T08:15:44Z',
    service: 'redis-cache',
    environment: 'staging',
    status: 'success',
    started_at: '2026-03-07T08:15:00.000Z',
    finished_at: '2026-03-07T08:15:44.000Z',
    version: '19.6.4',
    repository: null,
    commit: null,
  },
  {
    // The last operation failed: no history entry, read from status.operationState.
    id: 'argocd/inventory-api/41d8c3e0b7a6f5e4d3c2b1a09f8e7d6c5b4a3921/2026-03-06T16:03:51Z',
    service: 'inventory-api',
    environment: 'inventory',
    status: 'failure',
    started_at: '2026-03-06T16:02:15.000Z',
    finished_at: '2026-03-06T16:03:51.000Z',
    version: null,
    repository: 'acme/inventory',
    commit: '41d8c3e0b7a6f5e4d3c2b1a09f8e7d6c5b4a3921',
  },
  {
    id: 'argocd/checkout/9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665/2026-03-06T10:41:37Z',
    service: 'checkout',
    environment: 'production',
    status: 'success',
    started_at: '2026-03-06T10:40:02.000Z',
    finished_at: '2026-03-06T10:41:37.000Z',
    version: null,
    repository: 'acme/checkout',
    commit: '9f3c2a1b7e4d8c6a5b0f1e2d3c4b5a6978877665',
  },
  {
    id: 'argocd/inventory-api/1c0ffee0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4/2026-03-05T11:01:10Z',
    service: 'inventory-api',
    environment: 'inventory',
    status: 'success',
    started_at: '2026-03-05T11:00:00.000Z',
    finished_at: '2026-03-05T11:01:10.000Z',
    version: null,
    repository: 'acme/inventory',
    commit: '1c0ffee0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4',
  },
  {
    id: 'argocd/checkout/7b2d4e6f8a0c1e3b5d7f9a1c3e5b7d9f0a2c4e6b/2026-03-04T14:31:27Z',
    service: 'checkout',
    environment: 'production',
    status: 'success',
    started_at: '2026-03-04T14:30:00.000Z',
    finished_at: '2026-03-04T14:31:27.000Z',
    version: null,
    repository: 'acme/checkout',
    commit: '7b2d4e6f8a0c1e3b5d7f9a1c3e5b7d9f0a2c4e6b',
  },
  {
    id: 'apps/payments/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567/2026-03-03T13:20:41Z',
    service: 'payments',
    environment: 'production',
    status: 'success',
    started_at: '2026-03-03T13:19:30.000Z',
    finished_at: '2026-03-03T13:20:41.000Z',
    version: null,
    repository: 'acme/payments-config',
    commit: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
  },
  {
    id: 'argocd/checkout/3f9a1c2e5b7d4f60a8e1c3b5d7f9a2c4e6b8d0f1/2026-03-02T09:15:12Z',
    service: 'checkout',
    environment: 'production',
    status: 'success',
    started_at: '2026-03-02T09:14:05.000Z',
    finished_at: '2026-03-02T09:15:12.000Z',
    version: null,
    repository: 'acme/checkout',
    commit: '3f9a1c2e5b7d4f60a8e1c3b5d7f9a2c4e6b8d0f1',
  },
];

const WEEK = 'from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z';

for (const backend of cliBackends()) {
  describe(`fivekeys import argocd (${backend})`, () => {
    let database: CliDatabase;
    let argocd: RecordedArgoCd;
    const importArgoCd = (...args: string[]) =>
      runCli(database.env, ['import', 'argocd', '--url', argocd.url, ...args]);

    before(async () => {
      database = await createCliDatabase(backend);
      await database.withDb(async () => undefined);
      argocd = await startRecordedArgoCd();
    });
    after(async () => {
      await argocd.close();
      await database.drop();
    });

    test('a refused token is a clear error, exit 1, and nothing is stored', async () => {
      const result = await importArgoCd('--token', 'wrong-token');
      assert.equal(result.status, 1, result.stderr);
      assert.match(
        result.stderr,
        /Argo CD at http:\/\/127\.0\.0\.1:\d+ refused the token \(401: invalid session: token signature is invalid\)/,
      );
      assert.match(result.stderr, /argocd account generate-token/);
      const raw = await database.withDb(async (db) => db.query('select 1 from raw_requests'));
      assert.equal(raw.length, 0);
    });

    test('every sync of every application becomes one deployment, as the webhook maps it', async () => {
      const result = await importArgoCd('--token', ARGOCD_TOKEN, '--json');
      assert.equal(result.status, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      assert.deepEqual(
        { ...summary, results: undefined },
        { applications: 4, syncs: 8, imported: 8, duplicates: 0, failed: 0, skipped: [], results: undefined },
      );
      assert.deepEqual(
        summary.results.map((r: { app: string; entry: string }) => `${r.app} ${r.entry}`),
        [
          'argocd/checkout history 11',
          'apps/payments history 2',
          'argocd/checkout history 12',
          'argocd/inventory-api history 4',
          'argocd/checkout history 13',
          'argocd/inventory-api operation',
          'argocd/redis-cache history 0',
          'apps/payments history 3',
        ],
        'oldest first',
      );
      assert.deepEqual(argocd.requests.at(-1), '/api/v1/applications');

      await database.withDb(async (db) => {
        const server = await startServer(db);
        try {
          const { body } = await server.get(`/api/v1/deployments?${WEEK}`);
          const fields = Object.keys(EXPECTED[0]!);
          const items = body.items.map((item: Record<string, unknown>) =>
            Object.fromEntries(fields.map((field) => [field, item[field]])),
          );
          assert.deepEqual(items, EXPECTED);
          assert.ok(body.items.every((item: { source: string }) => item.source === 'argocd'));
          assert.deepEqual(
            body.items.filter((item: { production: boolean }) => item.production).length,
            5,
            'production and only production matches the default pattern',
          );

          // Stored raw under argocd, received when the sync finished: replayable like a delivery.
          const raw = await server.get('/api/v1/events/raw?source=argocd&limit=100');
          assert.equal(raw.body.items.length, 8);
          assert.deepEqual(
            raw.body.items.map((item: { received_at: string }) => item.received_at).sort(),
            EXPECTED.map((item) => item.finished_at).sort(),
          );
          const failed = raw.body.items.find((item: { body: string }) =>
            item.body.includes('on-sync-failed'),
          );
          assert.equal(failed.headers['x-fivekeys-import'], 'argocd argocd/inventory-api operation');
          assert.equal(JSON.parse(failed.body).phase, 'Failed');

          // The live notification of the same sync (the webhook fixture) is the same deployment.
          const live = JSON.parse(fixture('../webhooks/argocd/on-deployed.json')).body;
          const receipt = await server.post('/api/v1/webhooks/argocd', live);
          assert.equal(receipt.status, 200, JSON.stringify(receipt.body));
          assert.deepEqual([receipt.body.accepted, receipt.body.duplicates], [0, 1]);
        } finally {
          await server.close();
        }
      });
    });

    test('a second run imports nothing new', async () => {
      const result = await importArgoCd('--token', ARGOCD_TOKEN);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(
        result.stdout,
        [
          'applications: 4',
          'syncs read:   8',
          '  imported:   0',
          '  duplicates: 8',
          '  failed:     0',
          '',
        ].join('\n'),
      );
      const count = await database.withDb(async (db) => db.query('select 1 from deployments'));
      assert.equal(count.length, 8);
    });

    test('--app and --project filter as the Argo CD API does', async () => {
      const one = JSON.parse(
        (await importArgoCd('--token', ARGOCD_TOKEN, '--app', 'checkout', '--json')).stdout,
      );
      assert.deepEqual([one.applications, one.syncs, one.duplicates], [1, 3, 3]);
      assert.equal(argocd.requests.at(-1), '/api/v1/applications?name=checkout');
      const project = JSON.parse(
        (await importArgoCd('--token', ARGOCD_TOKEN, '--project', 'payments', '--json')).stdout,
      );
      assert.deepEqual([project.applications, project.syncs, project.duplicates], [2, 5, 5]);
      assert.equal(argocd.requests.at(-1), '/api/v1/applications?projects=payments');
    });

    test('usage errors exit 2 naming the flag', async () => {
      const noUrl = await runCli(database.env, ['import', 'argocd', '--token', ARGOCD_TOKEN]);
      assert.equal(noUrl.status, 2);
      assert.match(noUrl.stderr, /--url/);
      const badSource = await importArgoCd('--token', ARGOCD_TOKEN, '--environment-from', 'zone');
      assert.equal(badSource.status, 2);
      assert.match(badSource.stderr, /--environment-from.*namespace, cluster or label:<key>/);
    });
  });
}

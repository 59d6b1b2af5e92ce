/**
 * `fivekeys doctor` with the real binary, on each backend: an empty migrated database fails the data
 * checks with their fix; after a deployment is posted they pass; with `--url` against a real
 * listening server it checks the probes and `/metrics`, and shows a refused webhook delivery as a
 * failed source with its reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../helpers/server.ts';
import { cliBackends, createCliDatabase, runCli, type CliDatabase } from './cli-database.ts';

const ADMIN = 'admin-token-for-the-doctor-test';
const GITHUB_SECRET = 'doctor-github-secret';

for (const backend of cliBackends()) {
  describe(`fivekeys doctor (${backend})`, () => {
    let database: CliDatabase;
    const doctor = (...args: string[]) => runCli(database.env, ['doctor', ...args]);
    const kind = backend === 'postgres' ? 'PostgreSQL' : 'embedded PGlite';

    before(async () => {
      database = await createCliDatabase(backend);
      await database.withDb(async () => undefined);
    });
    after(() => database.drop());

    test('an empty migrated database fails the deployment checks, with how to send one', async () => {
      const result = await doctor();
      assert.equal(result.status, 1, result.stderr);
      const lines = result.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, new RegExp(`^✓ database: ${kind} reachable \\(`));
      assert.match(lines[1]!, /^✓ migrations: (\d+) of \1 applied \(latest \d{4}_\w+\)$/);
      assert.ok(lines.includes('! sources: nothing has been received yet'), result.stdout);
      assert.ok(lines.includes('✗ deployments: none in the last 30 days'), result.stdout);
      assert.ok(
        lines.includes('✗ production: no production deployments: metrics will be empty'),
        result.stdout,
      );
      assert.match(
        result.stdout,
        /→ send one with curl -X POST http:\/\/localhost:8080\/api\/v1\/deployments -H 'content-type: application\/json' -d '\{"service":"shop","environment":"production"/,
      );

      const json = await doctor('--json');
      assert.equal(json.status, 1);
      const report = JSON.parse(json.stdout);
      assert.equal(report.ok, false);
      assert.equal(report.mode, 'local');
      assert.deepEqual(
        report.checks.map((check: { name: string; status: string }) => `${check.status} ${check.name}`),
        [
          'ok database',
          'ok migrations',
          'warn sources',
          'fail deployments',
          'fail production',
          'ok not counted',
        ],
      );
    });

    test('after a production deployment is posted, every check passes', async () => {
      const finishedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
      await database.withDb(async (db) => {
        const server = await startServer(db);
        try {
          const answer = await server.post('/api/v1/deployments', {
            id: 'deploy-1',
            service: 'shop',
            environment: 'production',
            status: 'success',
            finished_at: finishedAt,
          });
          assert.equal(answer.status, 202);
        } finally {
          await server.close();
        }
      });
      const result = await doctor();
      assert.equal(result.status, 0, result.stdout + result.stderr);
      const lines = result.stdout.trimEnd().split('\n');
      assert.ok(
        lines.every((line) => line.startsWith('✓ ')),
        result.stdout,
      );
      assert.match(result.stdout, /✓ source api: last request (just now|\d+ minutes? ago)/);
      assert.match(
        result.stdout,
        /✓ deployments: latest in the last 30 days: shop to production 2 hours ago/,
      );
      assert.match(
        result.stdout,
        /✓ production: latest production deployment: shop to production 2 hours ago/,
      );
    });

    test('a deployment stored that will not count is reported with what to change', async () => {
      await database.withDb(async (db) => {
        const server = await startServer(db);
        try {
          const answer = await server.post('/api/v1/deployments', {
            id: 'deploy-prd',
            service: 'shop',
            environment: 'prd',
            status: 'success',
            finished_at: new Date(Date.now() - 5 * 3_600_000).toISOString(),
          });
          assert.equal(answer.body.warnings[0].code, 'not_production');
        } finally {
          await server.close();
        }
      });
      const result = await doctor();
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.match(
        result.stdout,
        /! not counted: deployments to an environment that is not production \(not_production\): 1 in the last 7 days, newest (just now|\d+ minutes? ago)[^\n]*\n {4}→ Deployment "deploy-prd": environment "prd" is not production, so no metric counts it\. It does not match the production pattern "\^prod"/,
      );
    });

    test('--url checks a running server, and a refused webhook fails its source with the reason', async () => {
      await database.withDb(async (db) => {
        const server = await startServer(db, {
          adminToken: ADMIN,
          webhooks: { github: { secrets: [GITHUB_SECRET] } },
        });
        try {
          const refused = await server.request('POST', '/api/v1/webhooks/github', {
            json: { zen: 'Keep it logically awesome.' },
            headers: { 'x-github-event': 'ping', 'x-hub-signature-256': 'sha256=00' },
          });
          assert.equal(refused.status, 401);

          const result = await doctor('--url', server.url, '--token', ADMIN);
          assert.equal(result.status, 1, result.stdout + result.stderr);
          const lines = result.stdout.trimEnd().split('\n');
          assert.equal(
            lines[0],
            `✓ database: ${backend === 'postgres' ? 'PostgreSQL' : 'embedded PGlite'}, reachable from ${server.url}`,
          );
          assert.deepEqual(lines.slice(1, 3), ['✓ /healthz: answers 200', '✓ /api/v1/metrics: answers 200']);
          assert.match(
            lines[3]!,
            /^✓ \/metrics: \d+ fivekeys_ families and the DORA families dora_deployment_frequency_total, /,
          );
          assert.match(
            result.stdout,
            /✗ source github: 1 delivery refused: bad_signature ×1; last just now \([^)]+\): X-Hub-Signature-256 is missing or does not match the body for any configured secret\.\n {4}→ the secret configured in the sending tool must equal fivekeys's/,
          );
          assert.match(
            result.stdout,
            /✓ deployments: latest in the last 30 days: shop to production 2 hours ago/,
          );
          assert.match(
            result.stdout,
            /! not counted: deployments to an environment that is not production \(not_production\): 1 in/,
          );

          const anonymous = await doctor('--url', server.url);
          assert.equal(anonymous.status, 1);
          assert.match(anonymous.stdout, /✗ sources: \/api\/v1\/webhooks answered 401/);
          assert.match(
            anonymous.stdout,
            /→ pass --token with an admin token: fivekeys token create --name doctor --scopes admin/,
          );
        } finally {
          await server.close();
        }
      });
    });

    test('--token without --url is a usage error', async () => {
      const result = await doctor('--token', ADMIN);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /--token: only used with --url/);
    });
  });
}

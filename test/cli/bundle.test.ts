/**
 * `npm start` and the image run the one-file bundle (scripts/bundle.mjs → dist/cli/main.js), not
 * the TypeScript the other tests run. Built here, it must serve on each backend what users reach
 * first: readiness, an event in, the metrics out, GraphQL, the OpenAPI page, Prometheus, and
 * the dashboard's page (or its "not built" notice), with the migrations found from the bundle, and
 * a CDEvent checked against the specification's schemas, which the bundle carries as JSON modules.
 * On PGlite every statement runs in the embedded database's thread, which the bundle starts from
 * its second entry point (pglite-worker.js beside main.js).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { freePort, until } from '../helpers/processes.ts';
import { cliBackends, createCliDatabase, type CliDatabase } from './cli-database.ts';

const BUNDLE = 'dist/cli/main.js';

before(() => {
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
  assert.ok(
    existsSync('dist/cli/pglite-worker.js'),
    "the embedded database's thread is built beside the server",
  );
});

for (const backend of cliBackends()) {
  describe(`the bundled server (${backend})`, () => {
    let database: CliDatabase;
    let url: string;
    let child: ReturnType<typeof spawn>;
    let output = '';
    before(async () => {
      database = await createCliDatabase(backend);
      const port = await freePort();
      child = spawn(process.execPath, [BUNDLE, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
        env: { ...database.env, FIVEKEYS_AUTH: 'off' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      url = `http://127.0.0.1:${port}`;
      await until(
        'the bundled server to be ready',
        async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined),
        120_000,
      );
    });
    after(async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await database.drop();
    });

    test('an event posted is counted by the metrics, REST and GraphQL alike', async () => {
      const posted = await fetch(`${url}/api/v1/deployments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'bundle-1',
          service: 'shop',
          environment: 'production',
          status: 'success',
          finished_at: '2026-03-03T10:00:00Z',
        }),
      });
      assert.equal(posted.status, 202, await posted.clone().text());
      const window = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';
      const metrics = (await (await fetch(`${url}/api/v1/metrics?${window}`)).json()) as {
        deployment_frequency: { count: number };
      };
      assert.equal(metrics.deployment_frequency.count, 1);
      const graphql = await fetch(`${url}/api/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ metrics(from: "2026-03-02T00:00:00Z", to: "2026-03-09T00:00:00Z") { deployment_frequency { count } } }',
        }),
      });
      assert.deepEqual(await graphql.json(), { data: { metrics: { deployment_frequency: { count: 1 } } } });
    });

    test("a CDEvent is validated by the spec's schemas inside the bundle and stored", async () => {
      const cdevent = (artifactId?: string) => ({
        context: {
          specversion: '0.5.1',
          id: 'bundle-cdevent-1',
          source: '/argocd/prod',
          type: 'dev.cdevents.service.deployed.0.3.0',
          timestamp: '2026-03-04T10:00:00Z',
        },
        subject: {
          id: 'cart',
          content: { environment: { id: 'production' }, ...(artifactId ? { artifactId } : {}) },
        },
      });
      const post = (body: unknown) =>
        fetch(`${url}/api/v1/cloudevents`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'ce-specversion': '1.0',
            'ce-id': 'bundle-cdevent-1',
            'ce-source': '/argocd/prod',
            'ce-type': 'dev.cdevents.service.deployed.0.3.0',
          },
          body: JSON.stringify(body),
        });
      const refused = await post(cdevent());
      assert.equal(refused.status, 400);
      const { error } = (await refused.json()) as { error: { field: string } };
      assert.equal(error.field, 'data.subject.content.artifactId');
      const stored = await post(cdevent('pkg:oci/cart@sha256%3Aabc'));
      assert.equal(stored.status, 200, await stored.clone().text());
      const window = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z&service=cart';
      const metrics = (await (await fetch(`${url}/api/v1/metrics?${window}`)).json()) as {
        deployment_frequency: { count: number };
      };
      assert.equal(metrics.deployment_frequency.count, 1);
    });

    test('the OpenAPI page, Prometheus and the dashboard page answer', async () => {
      assert.equal((await fetch(`${url}/docs/json`)).status, 200);
      assert.match(await (await fetch(`${url}/metrics`)).text(), /^fivekeys_/m);
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.doesNotMatch(output, /Error|__dirname/);
    });
  });
}

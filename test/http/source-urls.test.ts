/**
 * The pages sources name, from real-shaped deliveries over a listening server: a GitHub Enterprise
 * repository links to its own host, a self-hosted GitLab under /-/, pipeline and incident pages come
 * from each source's payload, a `javascript:` URL is never stored, and replay rebuilds every URL
 * from the raw log alone.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { readWebhookFixture, withFields, type Json } from '../helpers/webhook-delivery.ts';
import { credentials, SECRETS, WEBHOOK_CONFIG } from '../helpers/webhooks.ts';

const WINDOW = 'from=2026-02-01T00:00:00Z&to=2026-04-01T00:00:00Z';
const GHE = 'https://ghe.acme.example/acme/checkout';
const GITLAB = 'https://gitlab.acme.example/acme/platform/checkout';
const GITHUB_HEAD = '3f1c0a9e5d7b2c4e6f8a0b1c3d5e7f9a1b3c5d7e';
const GITLAB_HEAD = 'a625406f6977d45c1391b078f4d3656e0b75bfcb';

/** The fixture as its source sends it, with `patches` applied and a fresh delivery id. */
async function deliver(server: TestServer, folder: string, name: string, patches: Json = {}, headers = {}) {
  const fixture = readWebhookFixture(folder, name);
  const body = JSON.stringify(withFields(fixture.body, patches));
  const fresh: Record<string, string> = folder === 'github' ? { 'x-github-delivery': randomUUID() } : {};
  const response = await server.request('POST', `/api/v1/webhooks/${folder}`, {
    headers: { ...fixture.headers, ...fresh, ...headers, ...(await credentials(folder, body)) },
    body,
  });
  assert.ok(response.status < 300, `${folder}/${name}: ${JSON.stringify(response.body)}`);
}

/** Every stored URL, in a stable order: what replay must rebuild. */
async function storedUrls(testDb: TestDb) {
  const rows = await testDb.db.query<Record<string, unknown>>(
    `select 'deployment' as kind, source || ':' || external_id as key, url, repository_url from deployments
     union all select 'incident', source || ':' || external_id, url, null from incidents
     union all select 'change', sha, null, repository_url from changes
     order by 1, 2`,
  );
  return rows;
}

for (const backend of backends()) {
  describe(`source URLs and evidence links (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, WEBHOOK_CONFIG);
      // GitHub Enterprise: the same payloads, from a server of its own.
      const enterprise = { 'repository.html_url': GHE };
      const host = { 'x-github-enterprise-host': 'ghe.acme.example' };
      await deliver(server, 'github', 'push-main', enterprise, host);
      await deliver(server, 'github', 'deployment-status-success-production', enterprise, host);
      await deliver(server, 'github', 'issues-closed-incident', { 'issue.html_url': 'javascript:alert(1)' });
      await deliver(server, 'gitlab', 'push');
      await deliver(server, 'gitlab', 'deployment-success');
      await deliver(server, 'gitlab', 'issue-incident-closed');
      await deliver(server, 'pagerduty', 'incident-triggered');
      await deliver(server, 'alertmanager', 'firing-group');
      await deliver(server, 'jenkins', 'deploy-finalized-success');
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    const deploymentOf = async (source: string) => {
      const { body } = await server.get(`/api/v1/deployments?${WINDOW}&limit=100`, SECRETS.token);
      return body.items.find((item: { source: string }) => item.source === source);
    };
    const incidentOf = async (source: string) => {
      const { body } = await server.get(`/api/v1/incidents?${WINDOW}&limit=100`, SECRETS.token);
      return body.items.find((item: { source: string }) => item.source === source);
    };

    test('a GitHub Enterprise repository links its commits on its own host, never github.com', async () => {
      const deployment = await deploymentOf('github');
      assert.equal(deployment.links.commit, `${GHE}/commit/${GITHUB_HEAD}`);
      assert.ok(deployment.changes.length > 0);
      for (const change of deployment.changes) {
        assert.equal(change.links.commit, `${GHE}/commit/${change.sha}`);
      }
    });

    test('a self-hosted GitLab links commits under /-/ and the deploying job as the pipeline', async () => {
      const deployment = await deploymentOf('gitlab');
      assert.equal(deployment.links.commit, `${GITLAB}/-/commit/${GITLAB_HEAD}`);
      assert.equal(deployment.links.pipeline, `${GITLAB}/-/jobs/884120`);
      const { body } = await server.get(`/api/v1/changes?${WINDOW}&limit=100`, SECRETS.token);
      const change = body.items.find((item: { sha: string }) => item.sha === GITLAB_HEAD);
      assert.equal(change.links.commit, `${GITLAB}/-/commit/${GITLAB_HEAD}`);
    });

    test('incident pages come from GitLab, PagerDuty and Alertmanager payloads', async () => {
      assert.deepEqual((await incidentOf('gitlab')).links, { incident: `${GITLAB}/-/issues/1093` });
      assert.deepEqual((await incidentOf('pagerduty')).links, {
        incident: 'https://acme.pagerduty.com/incidents/Q2KJ4B7VN1TZ5P',
      });
      assert.match(
        (await incidentOf('alertmanager')).links.incident,
        /^http:\/\/prometheus\.acme\.example:9090\/graph\?/,
      );
      assert.equal(
        (await deploymentOf('jenkins')).links.pipeline,
        'https://jenkins.acme.example/job/checkout-deploy/214/',
      );
    });

    test('a javascript: URL is never stored', async () => {
      const rows = await testDb.db.query<{ url: string | null }>(
        `select url from incidents where source = 'github'`,
      );
      assert.deepEqual(rows, [{ url: null }]);
      assert.deepEqual((await incidentOf('github')).links, { incident: null });
      const refused = await server.post(
        '/api/v1/deployments',
        {
          service: 'shop',
          environment: 'production',
          status: 'success',
          finished_at: '2026-03-03T10:00:00Z',
          url: 'javascript:alert(1)',
        },
        SECRETS.token,
      );
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'invalid_payload');
      assert.match(refused.body.error.field, /url/);
    });

    test('the native API stores the URLs it is sent, and CSV lists them', async () => {
      const posted = await server.post(
        '/api/v1/deployments',
        {
          id: 'native-1',
          service: 'shop',
          environment: 'production',
          status: 'success',
          finished_at: '2026-03-03T10:00:00Z',
          commit: 'abcdef1',
          repository: 'acme/shop',
          repository_url: 'https://github.com/acme/shop/',
          url: 'https://ci.acme.example/runs/77',
        },
        SECRETS.token,
      );
      assert.equal(posted.status, 202, JSON.stringify(posted.body));
      const deployment = await deploymentOf('api');
      assert.equal(deployment.links.pipeline, 'https://ci.acme.example/runs/77');
      assert.equal(deployment.links.commit, 'https://github.com/acme/shop/commit/abcdef1');
      const csv = await fetch(`${server.url}/api/v1/deployments?${WINDOW}&limit=100`, {
        headers: { authorization: `Bearer ${SECRETS.token}`, accept: 'text/csv' },
      });
      const [header, ...lines] = (await csv.text()).trim().split('\r\n');
      assert.ok(header?.split(',').includes('pipeline_url'));
      assert.ok(lines.some((line) => line.endsWith(',https://ci.acme.example/runs/77')));
    });

    test('the NDJSON export carries the URLs, so an import keeps them', async () => {
      const response = await fetch(`${server.url}/api/v1/export/ndjson`, {
        headers: { authorization: `Bearer ${SECRETS.token}` },
      });
      const lines = (await response.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const native = lines.find((line) => JSON.stringify(line).includes('native-1'));
      assert.ok(
        JSON.stringify(native).includes('"url":"https://ci.acme.example/runs/77"'),
        JSON.stringify(native),
      );
      assert.ok(JSON.stringify(lines).includes(`"repository_url":"${GITLAB}"`));
    });

    test('replay rebuilds the same URLs from the raw requests', async () => {
      const before = await storedUrls(testDb);
      assert.ok(before.some((row) => row.url !== null));
      await testDb.db.query('update deployments set url = null, repository_url = null');
      await testDb.db.query('update incidents set url = null');
      await testDb.db.query('update changes set repository_url = null');
      const replayed = await server.request('POST', '/api/v1/replay', {
        json: { force: true },
        token: SECRETS.token,
      });
      assert.equal(replayed.status, 200, JSON.stringify(replayed.body));
      assert.deepEqual(await storedUrls(testDb), before);
    });
  });
}

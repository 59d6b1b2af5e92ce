/**
 * The contract every webhook adapter passes, over a listening server: each fixture delivered with the
 * source's own credentials is answered 2xx (never 5xx) and stored raw once, a re-delivery is a
 * duplicate, wrong credentials are refused with nothing stored but a counter, and malformed input
 * gets a 4xx naming what is wrong.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import {
  credentials,
  SECRETS,
  pathOf,
  sourceOf,
  WEBHOOK_CONFIG,
  webhookFixtures,
  wrongCredentials,
} from '../helpers/webhooks.ts';

const fixtures = webhookFixtures();

for (const backend of backends()) {
  describe(`webhook adapter contract (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    const rowsByFolder = new Map<string, number>();
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, WEBHOOK_CONFIG);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    const rawCount = async () =>
      (await testDb.db.query<{ n: number }>('select count(*)::int as n from raw_requests'))[0]?.n ?? 0;
    const deliver = async (fixture: (typeof fixtures)[number], extra: Record<string, string> = {}) =>
      server.request('POST', pathOf(fixture), {
        headers: { ...fixture.headers, ...(await credentials(sourceOf(fixture), fixture.body)), ...extra },
        body: fixture.body,
      });

    test('every source has fixtures', async () => {
      const folders = new Set(fixtures.map((fixture) => fixture.folder));
      for (const folder of [
        'github',
        'gitlab',
        'alertmanager',
        'pagerduty',
        'opsgenie',
        'argocd',
        'flux',
        'jenkins',
      ]) {
        assert.ok(folders.has(folder), `no fixtures for ${folder}`);
      }
    });

    for (const fixture of fixtures) {
      test(`${fixture.folder}/${fixture.name}: accepted once, then a duplicate`, async () => {
        const before = await rawCount();
        const first = await deliver(fixture);
        assert.ok(first.status === 200 || first.status === 202, JSON.stringify(first.body));
        assert.equal(first.body.status, 'stored');
        assert.equal(first.body.source, sourceOf(fixture));
        rowsByFolder.set(fixture.folder, (rowsByFolder.get(fixture.folder) ?? 0) + first.body.accepted);
        if (first.status === 202) assert.ok(first.body.ignored.length > 0);
        assert.equal(await rawCount(), before + 1);
        const again = await deliver(fixture);
        assert.ok(again.status < 300, JSON.stringify(again.body));
        if (first.body.delivery_id !== null) {
          assert.equal(again.body.status, 'duplicate');
          assert.equal(await rawCount(), before + 1);
        }
      });

      test(`${fixture.folder}/${fixture.name}: wrong credentials are refused, nothing stored`, async () => {
        const before = await rawCount();
        const response = await server.request('POST', pathOf(fixture), {
          headers: { ...fixture.headers, ...(await wrongCredentials(sourceOf(fixture), fixture.body)) },
          body: fixture.body,
        });
        assert.equal(response.status, 401, JSON.stringify(response.body));
        assert.match(response.body.error.code, /^(bad_signature|unauthorized)$/);
        assert.equal(await rawCount(), before);
      });

      test(`${fixture.folder}/${fixture.name}: a truncated body is a 400 naming the body`, async () => {
        const body = fixture.body.slice(0, Math.floor(fixture.body.length / 2));
        const before = await rawCount();
        const response = await server.request('POST', pathOf(fixture), {
          headers: { ...fixture.headers, ...(await credentials(sourceOf(fixture), body)) },
          body,
        });
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.equal(response.body.error.code, 'invalid_payload');
        assert.equal(response.body.error.field, 'body');
        assert.equal(await rawCount(), before);
      });
    }

    test('at least one fixture of each source maps to rows', () => {
      for (const folder of new Set(fixtures.map((fixture) => fixture.folder))) {
        assert.ok((rowsByFolder.get(folder) ?? 0) > 0, `no ${folder} fixture produced a row`);
      }
    });

    test('refused deliveries are counted per source and reason', async () => {
      const rejections = await server.services.webhooks.rejections();
      const github = rejections.find((row) => row.source === 'github' && row.reason === 'bad_signature');
      assert.ok(github && github.count >= 1, JSON.stringify(rejections));
    });

    test('a body that is not JSON is a 415, a 5 MB body a 413, nothing stored', async () => {
      const [fixture] = fixtures.filter((candidate) => candidate.folder === 'alertmanager');
      assert.ok(fixture);
      const before = await rawCount();
      const text = await deliver(fixture, { 'content-type': 'text/plain' });
      assert.equal(text.status, 415, JSON.stringify(text.body));
      assert.equal(text.body.error.code, 'unsupported_media_type');
      const huge = JSON.stringify({ padding: 'x'.repeat(5 << 20) });
      const large = await server.request('POST', pathOf(fixture), {
        headers: { 'content-type': 'application/json', ...(await credentials('alertmanager', huge)) },
        body: huge,
      });
      assert.equal(large.status, 413, JSON.stringify(large.body));
      assert.equal(large.body.error.code, 'payload_too_large');
      assert.equal(await rawCount(), before);
    });

    test('token sources also take Basic auth with the token as password (senders that only take a URL)', async () => {
      const [fixture] = fixtures.filter((candidate) => candidate.folder === 'jenkins');
      assert.ok(fixture);
      const basic = (password: string) => `Basic ${Buffer.from(`jenkins:${password}`).toString('base64')}`;
      const accepted = await server.request('POST', pathOf(fixture), {
        headers: { ...fixture.headers, authorization: basic(SECRETS.token) },
        body: fixture.body,
      });
      assert.ok(accepted.status < 300, JSON.stringify(accepted.body));
      const refused = await server.request('POST', pathOf(fixture), {
        headers: { ...fixture.headers, authorization: basic('wrong') },
        body: fixture.body,
      });
      assert.equal(refused.status, 401);
    });

    test('an unknown source is a 404 naming it', async () => {
      const response = await server.request('POST', '/api/v1/webhooks/bitbucket', {
        headers: { 'content-type': 'application/json', authorization: 'Bearer admin-test-token' },
        body: '{}',
      });
      assert.equal(response.status, 404);
      assert.equal(response.body.error.code, 'unknown_source');
      assert.equal(response.body.error.field, 'source');
    });
  });
}

/**
 * Fuzzing the source webhooks (POST /api/v1/webhooks/{source}) and DevLake's routes: the fixtures
 * of every source mutated field by field and signed as the source would sign them (so the adapters,
 * not the signature check, see the junk), junk bodies and junk path parameters. Every answer is a
 * 2xx or a stable 4xx; a delivery re-sent is acknowledged without storing anything twice.
 */
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backends, type TestDb } from '../helpers/backends.ts';
import {
  credentials,
  pathOf,
  SECRETS,
  sourceOf,
  webhookFixtures,
  type WebhookFixture,
} from '../helpers/webhooks.ts';
import { check, fuzz, startFuzzServer, type FuzzServer, type FuzzRequest } from './harness.ts';
import { boundaryString, contentType, junkValue, nearValid, rawBody } from './junk.ts';

const FIXTURES = webhookFixtures();
const SOURCES = [...new Set(FIXTURES.map(sourceOf))];

const fixture = fc.constantFrom(...FIXTURES);

/** A delivery of `body` as the fixture's source sends it, signature included. */
async function delivery(base: WebhookFixture, body: string, form = false): Promise<FuzzRequest> {
  const sent = form ? `payload=${encodeURIComponent(body)}` : body;
  const headers = {
    ...base.headers,
    'content-type': form
      ? 'application/x-www-form-urlencoded'
      : (base.headers['content-type'] ?? 'application/json'),
    ...(sent === '' && sourceOf(base) === 'github'
      ? emptyGitHubSignature()
      : await credentials(sourceOf(base), sent)),
  };
  return { method: 'POST', path: pathOf(base), headers, body: sent };
}

/** @octokit/webhooks-methods refuses to sign an empty body; GitHub's HMAC of it is still defined. */
const emptyGitHubSignature = () => ({
  'x-hub-signature-256': `sha256=${createHmac('sha256', SECRETS.github).update('').digest('hex')}`,
});

/** Path segments a sender could put where a source name, connection id or issue key goes. */
const segment = fc
  .oneof(
    boundaryString,
    fc.string({ maxLength: 20 }),
    fc.constantFrom(...SOURCES, 'devlake', '0', '-1', '1e9'),
  )
  .filter((value) => value.length < 2000)
  // Buffer's round trip turns lone surrogates into U+FFFD, which encodeURIComponent accepts.
  .map((value) => encodeURIComponent(Buffer.from(value).toString()));

for (const backend of backends()) {
  describe(`webhook fuzzing on ${backend.name}`, () => {
    let testDb: TestDb;
    let server: FuzzServer;

    before(async () => {
      testDb = await backend.create();
      server = await startFuzzServer(testDb.db);
    });
    after(async () => {
      console.log(`webhooks on ${backend.name}: ${server.cases} requests`);
      await server.close();
      await testDb.drop();
    });

    test('signed fixtures mutated field by field get a 2xx or a stable 4xx', async () => {
      const cases = fixture.chain((base) =>
        fc.record({
          base: fc.constant(base),
          body: nearValid(fc.constant(JSON.parse(base.body) as unknown)),
          form: sourceOf(base) === 'github' ? fc.boolean() : fc.constant(false),
        }),
      );
      await fuzz(cases, async ({ base, body, form }) => {
        await check(server, await delivery(base, JSON.stringify(body) ?? 'null', form));
      });
    });

    test('signed junk bodies under any media type get a 2xx or a stable 4xx', async () => {
      const body = fc.oneof(
        rawBody.map((raw) => (typeof raw === 'string' ? raw : Buffer.from(raw).toString('latin1'))),
        junkValue.map((value) => JSON.stringify(value) ?? 'null'),
      );
      const cases = fc.record({ base: fixture, body, type: fc.option(contentType) });
      await fuzz(cases, async ({ base, body: text, type }) => {
        const request = await delivery(base, text);
        if (type !== null) request.headers!['content-type'] = type;
        await check(server, request);
      });
    });

    test('junk event headers on signed fixtures get a 2xx or a stable 4xx', async () => {
      const header = fc.constantFrom(
        'x-github-event',
        'x-github-delivery',
        'x-gitlab-event',
        'x-gitlab-event-uuid',
        'idempotency-key',
        'webhook-id',
      );
      const value = fc.oneof(
        fc.constantFrom('', 'ping', 'push', 'deployment_status', 'Push Hook', 'Deployment Hook'),
        fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
      );
      await fuzz(
        fc.record({ base: fixture, set: fc.array(fc.tuple(header, value), { maxLength: 3 }) }),
        async (input) => {
          const request = await delivery(input.base, input.base.body);
          for (const [name, text] of input.set) request.headers![name] = text;
          await check(server, request);
        },
      );
    });

    test('junk sources, connection ids and issue keys get a 2xx or a stable 4xx', async () => {
      const cases = fc.record({
        base: fixture,
        template: fc.constantFrom(
          '/api/v1/webhooks/{a}',
          '/api/plugins/webhook/{a}/deployments',
          '/api/rest/plugins/webhook/{a}/incidents',
          '/api/plugins/webhook/{a}/issues',
          '/api/rest/plugins/webhook/{a}/issue/{b}/close',
        ),
        a: segment,
        b: segment,
      });
      await fuzz(cases, async ({ base, template, a, b }) => {
        const request = await delivery(base, base.body);
        request.path = template.replace('{a}', a).replace('{b}', b);
        await check(server, request);
      });
    });

    test('a delivery sent twice is acknowledged twice and stored once', async () => {
      const cases = fixture.chain((base) =>
        fc.record({
          base: fc.constant(base),
          body: fc.oneof(
            fc.constant(JSON.parse(base.body) as unknown),
            nearValid(fc.constant(JSON.parse(base.body) as unknown)),
          ),
        }),
      );
      await fuzz(cases, async ({ base, body }) => {
        const request = await delivery(base, JSON.stringify(body) ?? 'null');
        const first = await check(server, request);
        const again = await check(server, request);
        if (first.status >= 300) return;
        const receipt = again.json as { accepted: number; delivery_id: string | null; source: string };
        assert.ok(again.status < 300, again.text);
        assert.equal(receipt.accepted, 0, `${request.path} ${String(request.body)} → ${again.text}`);
        if (receipt.delivery_id === null) return;
        const rows = await testDb.db.query<{ n: number }>(
          `select count(*)::int as n from raw_requests where source = $1 and delivery_id = $2`,
          [receipt.source, receipt.delivery_id],
        );
        assert.equal(rows[0]!.n, 1);
      });
    });
  });
}

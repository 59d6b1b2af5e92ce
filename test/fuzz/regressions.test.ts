/**
 * The inputs fuzzing found answered 500 (or outside our error shape), replayed as plain tests so
 * they stay fixed whatever the seed of the next fuzz run.
 */
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, type TestDb } from '../helpers/backends.ts';
import { SECRETS } from '../helpers/webhooks.ts';
import { assertAnswer, send, startFuzzServer, type FuzzRequest, type FuzzServer } from './harness.ts';
import { SEEDS } from './cloudevent-seeds.ts';

const json = { 'content-type': 'application/json' };

for (const backend of backends()) {
  describe(`inputs fuzzing found (${backend.name})`, () => {
    let testDb: TestDb;
    let server: FuzzServer;

    before(async () => {
      testDb = await backend.create();
      server = await startFuzzServer(testDb.db);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    const expect = async (request: FuzzRequest, status: number, code?: string) => {
      const response = await send(server, request);
      assertAnswer(server, request, response);
      assert.equal(response.status, status, response.text);
      if (code) assert.equal((response.json as { error: { code: string } }).error.code, code);
      return response;
    };

    test('a deployment without id finished on a leap second is stored once', async () => {
      const body = JSON.stringify({
        service: 'leap',
        environment: 'production',
        status: 'success',
        finished_at: '2016-12-31T23:59:60Z',
      });
      const request = { method: 'POST', path: '/api/v1/deployments', headers: json, body };
      assert.deepEqual((await expect(request, 202)).json, { accepted: 1, duplicates: 0 });
      assert.deepEqual((await expect(request, 202)).json, { accepted: 0, duplicates: 1 });
    });

    test('GraphQL over GET with variables that are not an object is a bad query', async () => {
      for (const variables of ['""', '5', '[1]']) {
        const search = new URLSearchParams({ query: '{ services { name } }', variables });
        await expect({ method: 'GET', path: `/api/graphql?${search}` }, 400, 'invalid_query');
      }
    });

    test('GraphQL queries that are JSON, not GraphQL, get a syntax error, not an internal one', async () => {
      for (const query of ['null', '5', '{"kind":"Document","definitions":[{}]}']) {
        const body = JSON.stringify({ query });
        const response = await send(server, { method: 'POST', path: '/api/graphql', headers: json, body });
        assert.ok(response.status < 500, response.text);
        const errors = (response.json as { errors: { message: string }[] }).errors;
        assert.match(errors[0]!.message, /^Syntax Error/, response.text);
      }
    });

    test('a malformed percent-encoding or an over-long path segment is a bad query', async () => {
      for (const path of [
        '/api/v1/webhooks/%E0%A4%A',
        '/api/v1/webhooks/%',
        `/api/v1/webhooks/${'a'.repeat(1025)}`,
      ]) {
        await expect({ method: 'POST', path, headers: json, body: '{}' }, 400, 'invalid_query');
      }
    });

    test('a GitHub delivery with an empty body is refused as unsigned', async () => {
      const signature = `sha256=${createHmac('sha256', SECRETS.github).update('').digest('hex')}`;
      const headers = { ...json, 'x-github-event': 'push', 'x-hub-signature-256': signature };
      await expect(
        { method: 'POST', path: '/api/v1/webhooks/github', headers, body: '' },
        401,
        'bad_signature',
      );
    });

    test('a Jenkins CloudEvent whose build lasted longer than Date can count is invalid', async () => {
      const seed = SEEDS.find((event) => event.type === 'dev.cdevents.pipelinerun.finished.0.1.0');
      assert.ok(seed, 'the Jenkins fixture is there');
      const data = seed.data as { build: Record<string, unknown> };
      const event = {
        ...seed,
        id: 'long-build',
        data: { ...data, build: { ...data.build, duration: 8.6e15 } },
      };
      const headers = { 'content-type': 'application/cloudevents+json' };
      const body = JSON.stringify(event);
      await expect({ method: 'POST', path: '/api/v1/cloudevents', headers, body }, 400, 'invalid_payload');
    });

    test('a CloudEvents batch nested deeper than JSON.stringify can write is invalid', async () => {
      const headers = { 'content-type': 'application/cloudevents-batch+json' };
      const body = '['.repeat(20_000) + ']'.repeat(20_000);
      await expect({ method: 'POST', path: '/api/v1/cloudevents', headers, body }, 400, 'invalid_payload');
    });

    test('a time parameter on a leap second is refused by name, not a 500 (PGlite)', async () => {
      const leap = encodeURIComponent('2016-12-31T23:59:60Z');
      const cases: [string, string][] = [
        [`/api/v1/events/raw?since=${leap}`, 'since'],
        [`/api/v1/metrics?from=${leap}`, 'from'],
        [`/api/v1/metrics?to=${leap}`, 'to'],
        [`/api/v1/deployments?from=${leap}`, 'from'],
        [`/api/v1/incidents?to=${leap}`, 'to'],
        // The same class: the format admits an offset without minutes, Date does not.
        [`/api/v1/changes?from=${encodeURIComponent('2026-03-01T10:00:00+05')}`, 'from'],
      ];
      for (const [path, field] of cases) {
        const response = await expect({ method: 'GET', path }, 400, 'invalid_query');
        assert.equal((response.json as { error: { field: string } }).error.field, field, path);
      }
    });
  });
}

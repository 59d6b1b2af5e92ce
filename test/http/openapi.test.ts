/**
 * `/openapi.json` describes every route: an operation id a client generator can use, a summary, a
 * tag, its security, a schema for every answer (errors in the one error shape), the media types
 * it really serves, examples that match their schemas. `/docs` serves Swagger UI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROUTE_DOCS } from '../../src/http/openapi-docs.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { createAnswerChecker, type OpenApiDocument } from '../helpers/openapi-answers.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const METHODS = ['get', 'post', 'put', 'delete', 'options'];

interface Media {
  schema?: Record<string, unknown>;
  example?: unknown;
}
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema: { enum?: string[] } }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}

describe('OpenAPI', () => {
  let testDb: TestDb;
  let server: TestServer;
  let spec: OpenApiDocument & {
    openapi: string;
    servers: { url: string }[];
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, { properties: object }> };
  };
  before(async () => {
    testDb = await backends()[0]!.create();
    server = await startServer(testDb.db);
    const response = await server.get('/openapi.json');
    assert.equal(response.status, 200);
    spec = response.body;
  });
  after(async () => {
    await server.close();
    await testDb.drop();
  });

  const operations = () =>
    Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, operation })),
    );
  const operation = (key: string) => operations().find((entry) => entry.key === key)!.operation;

  test('is OpenAPI 3.1 with a server and the error schema', () => {
    assert.equal(spec.openapi, '3.1.0');
    assert.deepEqual(spec.servers, [{ url: '/', description: 'This server' }]);
    assert.deepEqual(Object.keys(spec.components.schemas.Error!.properties), ['error']);
  });

  test('every route has a camelCase operation id, a summary, a tag, security and typed answers', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    assert.ok(ids.length >= 50, `${ids.length} operations`);
    assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
    for (const { key, operation } of operations()) {
      assert.match(operation.operationId ?? '', /^[a-z][a-zA-Z]+$/, `${key} operationId`);
      assert.ok(operation.summary, `${key} has no summary in openapi-docs.ts`);
      assert.equal(operation.tags?.length, 1, `${key} tag`);
      assert.ok(Array.isArray(operation.security), `${key} declares its security (public: [])`);
      for (const status of ['400', '429', '500', '503'])
        assert.ok(status in operation.responses, `${key} ${status}`);
      const ok = Object.entries(operation.responses).filter(([status]) => /^2/.test(status));
      assert.ok(ok.length > 0, `${key} has a 2xx answer`);
      for (const [status, answer] of ok) {
        for (const [media, { schema }] of Object.entries(answer.content ?? {})) {
          // An untyped `{type: "object"}` makes an untyped client.
          const typed = schema && ('properties' in schema || 'anyOf' in schema || schema.type !== 'object');
          assert.ok(typed, `${key} ${status} ${media} has a real schema`);
        }
      }
    }
  });

  test('the documentation table names no route that does not exist', () => {
    const keys = new Set(operations().map(({ key }) => key));
    for (const key of Object.keys(ROUTE_DOCS))
      assert.ok(keys.has(key), `${key} is documented but not served`);
  });

  test('every example matches its schema, additional properties refused', () => {
    const mismatchOf = createAnswerChecker(spec);
    let examples = 0;
    for (const { method, path, operation } of operations()) {
      for (const [status, answer] of Object.entries(operation.responses)) {
        for (const [media, { example }] of Object.entries(answer.content ?? {})) {
          if (example === undefined) continue;
          examples += 1;
          const mismatch = mismatchOf({
            method: method.toUpperCase(),
            route: path,
            status: Number(status),
            contentType: media,
            payload: example,
            serialized: false,
          });
          assert.equal(mismatch, undefined);
        }
      }
    }
    assert.ok(examples >= 15, `${examples} examples`);
  });

  test('security follows the scope; webhooks also take their source’s signature', () => {
    assert.deepEqual(operation('GET /api/v1/metrics').security, [{ bearer: ['read'] }, { basic: ['read'] }]);
    assert.deepEqual(operation('GET /healthz').security, []);
    assert.deepEqual(operation('POST /api/graphql').security, [{ bearer: ['read'] }, { basic: ['read'] }]);
    const webhook = operation('POST /api/v1/webhooks/{source}').security!;
    assert.deepEqual(webhook[0], { githubSignature: [] });
    assert.ok(webhook.some((requirement) => requirement.accessToken?.[0] === 'ingest'));
    assert.ok(operation('POST /api/plugins/webhook/{connectionId}/deployments').security!.length > 0);
  });

  test('media types are the ones served', () => {
    const contentOf = (key: string, status = '200') =>
      Object.keys(operation(key).responses[status]!.content!);
    assert.deepEqual(contentOf('GET /metrics'), ['text/plain; version=0.0.4']);
    assert.deepEqual(contentOf('GET /api/v1/events/live'), ['text/event-stream']);
    assert.deepEqual(contentOf('GET /api/v1/export/ndjson'), ['application/x-ndjson']);
    assert.deepEqual(Object.keys(operation('POST /api/v1/cloudevents').requestBody!.content), [
      'application/cloudevents+json',
      'application/cloudevents-batch+json',
      'application/json',
    ]);
    const headers = operation('POST /api/v1/cloudevents').parameters!.filter((p) => p.in === 'header');
    assert.ok(headers.some((header) => header.name === 'ce-type'));
  });

  test('parameters: webhook sources are listed, unknown names answer a documented 404', async () => {
    const source = operation('POST /api/v1/webhooks/{source}').parameters!.find((p) => p.name === 'source')!;
    assert.ok(source.schema.enum?.includes('github') && !source.schema.enum.includes('devlake'));
    assert.ok('404' in operation('GET /api/v1/services/{name}').responses);
    const missing = await server.get('/api/v1/services/nope');
    assert.equal(missing.status, 404);
    assert.ok(operation('GET /api/v1/metrics').parameters!.some((p) => p.name === 'team'));
  });

  test('/docs serves Swagger UI', async () => {
    const response = await fetch(`${server.url}/docs/`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /swagger/i);
  });
});

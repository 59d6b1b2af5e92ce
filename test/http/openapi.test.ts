/** `/openapi.json` documents every route (summary, security, error shapes); `/docs` serves Swagger UI. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROUTE_DOCS } from '../../src/http/openapi-docs.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const METHODS = ['get', 'post', 'put', 'delete', 'options'];

describe('OpenAPI', () => {
  let testDb: TestDb;
  let server: TestServer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is inspected field by field
  let spec: any;
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
    Object.entries(
      spec.paths as Record<string, Record<string, { summary?: string; responses: object }>>,
    ).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
    );

  test('is OpenAPI 3 with the error schema', () => {
    assert.equal(spec.openapi, '3.0.3');
    assert.deepEqual(Object.keys(spec.components.schemas.Error.properties), ['error']);
  });

  test('every route has a summary, a tag and the shared error answers', () => {
    const keys = operations().map(({ key }) => key);
    assert.ok(keys.length >= 30, keys.join('\n'));
    for (const { key, operation } of operations()) {
      assert.ok(operation.summary, `${key} has no summary in openapi-docs.ts`);
      for (const status of ['400', '401', '503'])
        assert.ok(status in operation.responses, `${key} ${status}`);
    }
  });

  test('the documentation table names no route that does not exist', () => {
    const keys = new Set(operations().map(({ key }) => key));
    for (const key of Object.keys(ROUTE_DOCS))
      assert.ok(keys.has(key), `${key} is documented but not served`);
  });

  test('routes with a scope declare bearer security; the metrics example is there', () => {
    const metrics = spec.paths['/api/v1/metrics'].get;
    assert.deepEqual(metrics.security, [{ bearer: [] }]);
    assert.equal(metrics.responses['200'].content['application/json'].example.level, 'low');
    assert.equal(spec.paths['/healthz'].get.security, undefined);
    assert.ok(spec.paths['/api/v1/metrics'].get.parameters.some((p: { name: string }) => p.name === 'team'));
  });

  test('/docs serves Swagger UI', async () => {
    const response = await fetch(`${server.url}/docs/`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /swagger/i);
  });
});

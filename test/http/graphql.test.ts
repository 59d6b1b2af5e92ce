/**
 * GraphQL over a listening server: the seed's checks (introspection, `projects { name }`), the
 * metrics and the evidence lists equal to their REST twins field for field, and the limits.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { backends, type TestDb } from '../helpers/backends.ts';
import { SCENARIO } from '../helpers/scenario.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const FROM = '2026-03-02T00:00:00Z';
const TO = '2026-03-09T00:00:00Z';
const TOKEN = 'graphql-test-token';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface SchemaType {
  name: string;
  fields: { name: string; type: TypeRef }[] | null;
}

/** Every field of `type`, recursively: the schema itself decides what a query asks for. */
function selectionOf(types: Map<string, SchemaType>, type: string): string {
  const named = (ref: TypeRef): string => (ref.ofType ? named(ref.ofType) : ref.name!);
  const fields = types.get(type)?.fields ?? [];
  return `{ ${fields
    .map((field) => {
      const inner = named(field.type);
      return types.get(inner)?.fields ? `${field.name} ${selectionOf(types, inner)}` : field.name;
    })
    .join(' ')} }`;
}

for (const backend of backends()) {
  describe(`GraphQL (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, { adminToken: TOKEN });
      const put = await server.request('PUT', '/api/v1/services/shop', {
        json: { application: 'storefront', team: 'web', repositories: ['acme/shop'] },
        token: TOKEN,
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      for (const event of SCENARIO)
        assert.equal((await server.post(event.path, event.body, TOKEN)).status, 202);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    const graphql = (query: string, token: string | null = TOKEN) =>
      server.request('POST', '/api/graphql', { json: { query }, token: token ?? undefined });

    let types: Map<string, SchemaType>;
    before(async () => {
      const query =
        '{ __schema { types { name fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }';
      const response = await graphql(query);
      types = new Map(response.body.data.__schema.types.map((type: SchemaType) => [type.name, type]));
    });

    test("the seed's checks: introspection and projects", async () => {
      const schema = await graphql('{ __schema { types { name } } }');
      assert.equal(schema.status, 200, JSON.stringify(schema.body));
      const names = schema.body.data.__schema.types.map((type: { name: string }) => type.name);
      for (const name of ['Project', 'Service', 'Metrics', 'Deployment', 'Change', 'Incident']) {
        assert.ok(names.includes(name), name);
      }
      const projects = await graphql('query { projects { name services { name team } } }');
      assert.deepEqual(projects.body.data.projects, [
        { name: 'storefront', services: [{ name: 'shop', team: 'web' }] },
      ]);
    });

    test('metrics equal GET /api/v1/metrics field for field', async () => {
      const rest = (await server.get(`/api/v1/metrics?from=${FROM}&to=${TO}&team=web`, TOKEN)).body;
      const query = `{ metrics(from: "${FROM}", to: "${TO}", team: "web") ${selectionOf(types, 'Metrics')} }`;
      const response = await graphql(query);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      // REST leaves `warnings` out when there are none; GraphQL's list is always there.
      assert.deepEqual(response.body.data.metrics, { ...rest, warnings: [] });
      assert.equal(rest.warnings, undefined);
      assert.equal(rest.deployment_frequency.count, 6);
    });

    for (const by of ['TEAM', 'SERVICE', 'APPLICATION']) {
      test(`metricGroups(by: ${by}) equals GET /api/v1/metrics?group_by= field for field`, async () => {
        const path = `/api/v1/metrics?from=${FROM}&to=${TO}&group_by=${by.toLowerCase()}`;
        const rest = (await server.get(path, TOKEN)).body;
        assert.ok(rest.groups.length > 0);
        const query = `{ metricGroups(by: ${by}, from: "${FROM}", to: "${TO}") ${selectionOf(types, 'MetricGroups')} }`;
        const response = await graphql(query);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        // GraphQL answers every key field of a group; REST only those of its group_by.
        const keys = { team: null, service: null, application: null };
        const groups = rest.groups.map((group: object) => ({ ...keys, ...group }));
        assert.deepEqual(response.body.data.metricGroups, { ...rest, warnings: [], groups });
      });
    }

    for (const list of ['deployments', 'changes', 'incidents']) {
      test(`${list} equal GET /api/v1/${list}, pages included`, async () => {
        const rest = (await server.get(`/api/v1/${list}?from=${FROM}&to=${TO}&limit=3`, TOKEN)).body;
        assert.ok(rest.items.length > 0);
        const page = `${list[0]!.toUpperCase()}${list.slice(1, -1)}Page`;
        const query = `{ ${list}(from: "${FROM}", to: "${TO}", first: 3) ${selectionOf(types, page)} }`;
        const response = await graphql(query);
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.deepEqual(response.body.data[list], rest);
      });
    }

    test('evidence filters, sorts and totals equal their REST twins', async () => {
      for (const [list, rest, args] of [
        [
          'deployments',
          'production=true&failed=true&sort=-recovery',
          'production: true, failed: true, sort: "-recovery"',
        ],
        ['deployments', 'rework=true&remediated=false', 'rework: true, remediated: false'],
        [
          'changes',
          'stage=lead&min_seconds=3600&sort=lead',
          'stage: "lead", min_seconds: 3600, sort: "lead"',
        ],
        [
          'incidents',
          'counted=true&restored=true&attributed=true',
          'counted: true, restored: true, attributed: true',
        ],
      ] as const) {
        const expected = (await server.get(`/api/v1/${list}?from=${FROM}&to=${TO}&${rest}`, TOKEN)).body;
        const page = `${list[0]!.toUpperCase()}${list.slice(1, -1)}Page`;
        const response = await graphql(
          `{ ${list}(from: "${FROM}", to: "${TO}", ${args}) ${selectionOf(types, page)} }`,
        );
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.deepEqual(response.body.data[list], expected, rest);
        assert.ok(expected.total > 0, rest);
      }
    });

    test('bad arguments are errors naming them', async () => {
      const response = await graphql(`
        {
          deployments(first: 0) {
            items {
              id
            }
          }
        }
      `);
      assert.match(response.body.errors[0].message, /first/);
      const time = await graphql(`
        {
          metrics(from: "yesterday") {
            level
          }
        }
      `);
      assert.match(time.body.errors[0].message, /from/);
      // GraphQL times are strings: held to the same RFC 3339 format as REST, not Date's lenient reading.
      for (const [argument, field] of [
        ['from: "1"', 'from'],
        ['to: "2026-02-30T00:00:00Z"', 'to'],
        ['from: "2016-12-31T23:59:60Z"', 'from'],
      ]) {
        const lenient = await graphql(`{ metrics(${argument}) { level } }`);
        assert.deepEqual(lenient.body.errors[0].extensions, { code: 'invalid_query', field }, argument);
      }
      const cursor = await graphql(`
        {
          changes(after: "nonsense") {
            next_cursor
          }
        }
      `);
      assert.deepEqual(cursor.body.errors[0].extensions, { code: 'invalid_query', field: 'cursor' });
    });

    test('the standard introspection query loads the schema the server publishes as SDL', async () => {
      // What GraphiQL, Apollo, graphql-codegen and Postman send: nested 15 deep through `ofType`.
      const introspection = await graphql(getIntrospectionQuery());
      assert.equal(introspection.status, 200, JSON.stringify(introspection.body));
      const schema = buildClientSchema(introspection.body.data);
      assert.ok(schema.getQueryType()?.getFields().deployments);
      const sdl = await fetch(`${server.url}/api/graphql/schema.graphql`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(sdl.status, 200);
      assert.match(sdl.headers.get('content-type') ?? '', /^text\/plain/);
      const served = await sdl.text();
      assert.equal(served, `${printSchema(schema)}\n`);
      const checkedIn = await readFile(
        new URL('../../src/http/graphql/schema.graphql', import.meta.url),
        'utf8',
      );
      assert.equal(served, checkedIn, 'src/http/graphql/schema.graphql is stale: save the served SDL there');
    });

    test('the SDL needs the read scope like the endpoint', async () => {
      const response = await server.request('GET', '/api/graphql/schema.graphql');
      assert.equal(response.status, 401, JSON.stringify(response.body));
      assert.equal(response.body.error.code, 'unauthorized');
    });

    test('too deep or too wide queries are refused', async () => {
      // No valid data query nests past 8 in today's schema; the limit guards its growth, and is
      // reported beside the other errors (several errors answer 200, as GraphQL over HTTP has it).
      const deep = await graphql(
        '{ deployments { items { changes { pull_request { a { b { c { d { e { f } } } } } } } } } }',
      );
      assert.equal(deep.body.data, null, JSON.stringify(deep.body));
      const messages = deep.body.errors.map((error: { message: string }) => error.message);
      assert.ok(
        messages.includes('the query nests 10 levels deep; the limit is 8. Ask less at once.'),
        messages,
      );
      const wide = await graphql(
        `{ ${Array.from({ length: 450 }, (_, i) => `a${i}: projects { name }`).join(' ')} }`,
      );
      assert.equal(wide.status, 400, JSON.stringify(wide.body));
      assert.match(JSON.stringify(wide.body.errors), /more than 400 fields/);
    });

    test('a token with the read scope is required when authentication is on', async () => {
      const response = await graphql('{ projects { name } }', null);
      assert.equal(response.status, 401, JSON.stringify(response.body));
      assert.equal(response.body.error.code, 'unauthorized');
    });
  });
}

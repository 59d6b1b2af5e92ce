/**
 * Fuzzing every GET route's query and path parameters, read from /openapi.json so new routes are
 * covered as they are added: values valid for the declared schema, junk, repeated and unknown
 * parameters, forged page cursors. Then GraphQL with generated documents and variables. REST
 * answers are a 2xx or a stable 4xx; GraphQL answers are below 500 with no internal error inside.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backends, type TestDb } from '../helpers/backends.ts';
import { check, fuzz, send, startFuzzServer, type FuzzServer } from './harness.ts';
import { boundaryString, junkValue, oddDate } from './junk.ts';
import { validChange, validDeployment, validIncident } from './native-events.ts';
import { graphqlRequest } from './graphql-documents.ts';

/** Answers that never end by design (server-sent events) cannot be fuzzed by waiting for the body. */
const STREAMING = new Set(['/api/v1/events/live']);

interface Parameter {
  name: string;
  in: 'query' | 'path';
  schema: { type?: string; enum?: string[]; format?: string; pattern?: string; maxLength?: number };
}
interface Operation {
  path: string;
  parameters: Parameter[];
}

/** Cut to keep URLs under Node's 16 KiB header limit (beyond it Node answers 431 itself). */
const text = fc
  .oneof(boundaryString, fc.string({ maxLength: 30 }), fc.stringMatching(/^[a-z0-9-]{1,20}$/))
  .map((value) => value.slice(0, 2000));
const digits = fc.oneof(
  fc.stringMatching(/^[0-9]{1,4}$/),
  fc.stringMatching(/^[0-9]{15,40}$/),
  fc.constant('0'),
);
const junkText = fc.oneof(
  text,
  oddDate,
  junkValue.map((value) => (JSON.stringify(value) ?? '').slice(0, 2000)),
);

/** Cursors that decode, with instants Date.parse accepts but PostgreSQL may not, and junk keys. */
const forgedCursor = fc
  .tuple(
    fc.oneof(oddDate, fc.constantFrom('1', '2026', 'March 7, 2026', '0', 'Tue, 01 Jan 2030 00:00:00 GMT')),
    fc.oneof(text, fc.constant('')),
  )
  .map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url'));

function valueFor(parameter: Parameter, realCursor: string): fc.Arbitrary<string> {
  const { schema } = parameter;
  const valid = schema.enum
    ? fc.constantFrom(...schema.enum)
    : schema.format === 'date-time'
      ? oddDate
      : schema.pattern
        ? digits
        : parameter.name === 'cursor'
          ? fc.oneof(
              fc.constant(realCursor),
              forgedCursor,
              text.map((t) => realCursor.slice(0, t.length)),
            )
          : text;
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: junkText, weight: 1 });
}

/** A URL for the operation: each parameter present or not, sometimes repeated, plus unknown ones. */
function url(operation: Operation, realCursor: string): fc.Arbitrary<string> {
  const query = operation.parameters.filter((p) => p.in === 'query');
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  return fc
    .record({
      query: fc.tuple(
        ...query.map((p) => fc.option(fc.array(valueFor(p, realCursor), { minLength: 1, maxLength: 2 }))),
      ),
      path: fc.tuple(...pathParams.map((p) => valueFor(p, realCursor))),
      extra: fc.array(fc.tuple(text, text), { maxLength: 2 }),
    })
    .map((input) => {
      const search = new URLSearchParams();
      query.forEach((p, index) => input.query[index]?.forEach((value) => search.append(p.name, value)));
      for (const [name, value] of input.extra) search.append(name, value);
      let path = operation.path;
      pathParams.forEach((p, index) => {
        const value = Buffer.from(input.path[index] ?? '').toString();
        path = path.replace(`{${p.name}}`, encodeURIComponent(value));
      });
      const qs = search.toString();
      return qs ? `${path}?${qs}` : path;
    });
}

for (const backend of backends()) {
  describe(`query fuzzing on ${backend.name}`, () => {
    let testDb: TestDb;
    let server: FuzzServer;
    let operations: Operation[];
    let cursor = '';

    before(async () => {
      testDb = await backend.create();
      server = await startFuzzServer(testDb.db);
      const sample = <T>(arbitrary: fc.Arbitrary<T>) => fc.sample(arbitrary, { numRuns: 20, seed: 42 });
      const json = { 'content-type': 'application/json' };
      for (const [kind, events] of [
        ['changes', sample(validChange)],
        ['deployments', sample(validDeployment)],
        ['incidents', sample(validIncident)],
      ] as const) {
        const body = JSON.stringify(events);
        assert.equal(
          (await send(server, { method: 'POST', path: `/api/v1/${kind}`, headers: json, body })).status,
          202,
        );
      }
      // A window spans at most 3,660 days: the first decade holding two sampled deployments gives a cursor.
      for (let year = 1971; year < 2100 && cursor === ''; year += 10) {
        const page = await send(server, {
          method: 'GET',
          path: `/api/v1/deployments?limit=1&from=${year}-01-01T00:00:00Z&to=${year + 10}-01-01T00:00:00Z`,
        });
        cursor = (page.json as { next_cursor?: string }).next_cursor ?? '';
      }
      const document = (await send(server, { method: 'GET', path: '/openapi.json' })).json as {
        paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
      };
      operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        methods.get && !STREAMING.has(path) ? [{ path, parameters: methods.get.parameters ?? [] }] : [],
      );
    });
    after(async () => {
      console.log(
        `queries on ${backend.name}: ${server.cases} requests over ${operations.length} GET routes`,
      );
      await server.close();
      await testDb.drop();
    });

    test('every GET route answers any parameters with a 2xx or a stable 4xx', async () => {
      assert.ok(
        operations.some((o) => o.path === '/api/v1/metrics/{metric}/series'),
        'routes come from /openapi.json',
      );
      assert.ok(cursor !== '', 'the seeded data gives a second page');
      const cases = fc.constantFrom(...operations).chain((operation) => url(operation, cursor));
      await fuzz(cases, async (path) => {
        // The GraphQL endpoint answers GraphQL's own error shape; its SDL route is plain REST.
        if (path === '/api/graphql' || path.startsWith('/api/graphql?')) {
          server.cases += 1;
          return assertGraphql(server, await send(server, { method: 'GET', path }), path);
        }
        await check(server, { method: 'GET', path });
      });
    });

    test('GraphQL answers generated documents and variables below 500, with no internal error', async () => {
      await fuzz(graphqlRequest, async (request) => {
        server.cases += 1;
        const response =
          request.method === 'GET'
            ? await send(server, { method: 'GET', path: `/api/graphql?${request.search}` })
            : await send(server, {
                method: 'POST',
                path: '/api/graphql',
                headers: { 'content-type': 'application/json' },
                body: request.body,
              });
        assertGraphql(server, response, request.method === 'GET' ? request.search : request.body);
      });
    });
  });
}

function assertGraphql(
  server: FuzzServer,
  response: { status: number; text: string; json: unknown },
  sent: string,
) {
  const where = `${sent.slice(0, 600)} → ${response.status} ${response.text.slice(0, 600)}\n${server.errors.slice(-2).join('')}`;
  assert.ok(response.status < 500, where);
  const body = response.json as
    { errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
  assert.ok(body && typeof body === 'object', where);
  for (const error of body.errors ?? []) {
    assert.notEqual(error.extensions?.code, 'internal', where);
    assert.notEqual(error.message, 'Internal error', where);
  }
}

/**
 * The window and time limits over a listening server: the longest window answers, one day more is a
 * 400 `invalid_query` naming `from` on every route that takes a window (REST metrics, series,
 * evidence; GraphQL metrics and lists), and times outside 1970..9999 are refused by name on both
 * backends alike instead of reaching the database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const DAY = 86_400_000;
const TO = Date.parse('2026-03-01T00:00:00Z');
const window = (days: number) =>
  `from=${new Date(TO - days * DAY).toISOString()}&to=${new Date(TO).toISOString()}`;

const WINDOWED = [
  '/api/v1/metrics',
  '/api/v1/metrics/deployment-frequency/series?bucket=day',
  '/api/v1/metrics/lead-time/series?bucket=week',
  '/api/v1/deployments',
  '/api/v1/changes',
  '/api/v1/incidents',
];
const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

for (const backend of backends()) {
  describe(`window limits over HTTP (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('every windowed REST route answers 3660 days and refuses 3661 naming from', async () => {
      for (const path of WINDOWED) {
        const longest = await server.get(withQuery(path, window(3660)));
        assert.equal(longest.status, 200, `${path}: ${JSON.stringify(longest.body)}`);
        const refused = await server.get(withQuery(path, window(3661)));
        assert.equal(refused.status, 400, path);
        assert.equal(refused.body.error.code, 'invalid_query', path);
        assert.equal(refused.body.error.field, 'from', path);
        assert.match(refused.body.error.message, /spans 3661 days; at most 3660/, path);
      }
    });

    test('the thousand-year window of the report is refused at once', async () => {
      const started = performance.now();
      const refused = await server.get('/api/v1/metrics?from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z');
      assert.equal(refused.status, 400);
      assert.deepEqual([refused.body.error.code, refused.body.error.field], ['invalid_query', 'from']);
      assert.ok(performance.now() - started < 1000, 'refused before any work');
    });

    test('times before 1970 or after 9999 are a 400 naming the parameter', async () => {
      const cases = [
        ['/api/v1/metrics?from=1969-12-31T23:59:59Z&to=1970-01-02T00:00:00Z', 'from'],
        ['/api/v1/metrics?from=0000-01-01T00:00:00Z&to=0001-01-01T00:00:00Z', 'from'],
        ['/api/v1/metrics?from=9999-12-01T00:00:00Z&to=9999-12-31T23:59:59-05:00', 'to'],
        ['/api/v1/deployments?from=9999-01-01T00:00:00Z&to=9999-12-31T23:59:59-05:00', 'to'],
        ['/api/v1/metrics/rework-rate/series?to=1970-01-05T00:00:00Z', 'from'],
        ['/api/v1/events/raw?since=0000-01-01T00:00:00Z', 'since'],
        ['/api/v1/events/raw?since=9999-12-31T23:59:59-05:00', 'since'],
      ] as const;
      for (const [path, field] of cases) {
        const refused = await server.get(path);
        assert.equal(refused.status, 400, `${path}: ${JSON.stringify(refused.body)}`);
        assert.deepEqual([refused.body.error.code, refused.body.error.field], ['invalid_query', field], path);
      }
      const epoch = await server.get('/api/v1/metrics?from=1970-01-01T00:00:00Z&to=1970-01-08T00:00:00Z');
      assert.equal(epoch.status, 200, JSON.stringify(epoch.body));
    });

    test('a raw-log cursor too long for an id is a 400, not a database error', async () => {
      const refused = await server.get('/api/v1/events/raw?before=99999999999999999999999');
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'invalid_query');
    });

    test('GraphQL metrics and lists take 3660 days and refuse 3661 naming from', async () => {
      const graphql = (query: string) => server.request('POST', '/api/graphql', { json: { query } });
      const args = (days: number) =>
        `from: "${new Date(TO - days * DAY).toISOString()}", to: "${new Date(TO).toISOString()}"`;
      for (const field of ['metrics', 'deployments', 'changes', 'incidents']) {
        const selection = field === 'metrics' ? 'level' : 'next_cursor';
        const longest = await graphql(`{ ${field}(${args(3660)}) { ${selection} } }`);
        assert.equal(longest.body.errors, undefined, JSON.stringify(longest.body));
        const refused = await graphql(`{ ${field}(${args(3661)}) { ${selection} } }`);
        assert.deepEqual(refused.body.errors[0].extensions, { code: 'invalid_query', field: 'from' }, field);
        assert.match(refused.body.errors[0].message, /at most 3660/);
      }
      const early = await graphql(`
        {
          metrics(from: "1969-06-01T00:00:00Z", to: "1969-07-01T00:00:00Z") {
            level
          }
        }
      `);
      assert.deepEqual(early.body.errors[0].extensions, { code: 'invalid_query', field: 'from' });
    });
  });
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestResponse, type TestServer } from '../helpers/server.ts';

const deployment = (overrides: Record<string, unknown> = {}) => ({
  id: 'deploy-1',
  service: 'web',
  environment: 'production',
  status: 'success',
  finished_at: '2026-03-02T10:00:00Z',
  ...overrides,
});

/** An error body is exactly `{"error": {"code", "message", "field"?}}` with a non-empty message. */
function assertError(response: TestResponse, status: number, code: string, field?: string): void {
  assert.equal(response.status, status);
  assert.deepEqual(Object.keys(response.body), ['error']);
  const { message, ...rest } = response.body.error;
  assert.equal(typeof message, 'string');
  assert.ok(message.length > 0);
  assert.deepEqual(rest, field === undefined ? { code } : { code, field });
}

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    let server: TestServer;
    let small: TestServer;

    const count = async (sql: string, params: unknown[] = []): Promise<number> => {
      const rows = await testDb.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params);
      return rows[0]!.n;
    };

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
      small = await startServer(testDb.db, { bodyLimitBytes: 2048 });
    });
    after(async () => {
      await small.close();
      await server.close();
      await testDb.drop();
    });

    describe('accepting events', () => {
      test('one deployment object is accepted', async () => {
        const response = await server.post(
          '/api/v1/deployments',
          deployment({ id: 'one-object', service: 'single' }),
        );
        assert.equal(response.status, 202);
        assert.deepEqual(response.body, { accepted: 1, duplicates: 0 });
      });

      test('an array of deployments is accepted item by item', async () => {
        const response = await server.post('/api/v1/deployments', [
          deployment({ id: 'array-1', service: 'array' }),
          deployment({ id: 'array-2', service: 'array', finished_at: '2026-03-02T11:00:00Z' }),
          deployment({ id: 'array-3', service: 'array', status: 'failure' }),
        ]);
        assert.equal(response.status, 202);
        assert.deepEqual(response.body, { accepted: 3, duplicates: 0 });
        assert.equal(await count(`deployments where service = 'array'`), 3);
      });

      test('one change and an array of changes are accepted', async () => {
        const one = await server.post('/api/v1/changes', {
          repository: 'acme/web',
          sha: 'aaaa0001',
          committed_at: '2026-03-01T09:00:00Z',
        });
        assert.equal(one.status, 202);
        assert.deepEqual(one.body, { accepted: 1, duplicates: 0 });
        const many = await server.post('/api/v1/changes', [
          {
            repository: 'acme/web',
            sha: 'aaaa0002',
            committed_at: '2026-03-01T09:10:00Z',
            parents: ['aaaa0001'],
          },
          {
            repository: 'acme/web',
            sha: 'aaaa0003',
            committed_at: '2026-03-01T09:20:00Z',
            parents: ['aaaa0002'],
          },
        ]);
        assert.equal(many.status, 202);
        assert.deepEqual(many.body, { accepted: 2, duplicates: 0 });
      });

      test('a change posted again is a duplicate', async () => {
        const change = { repository: 'acme/web', sha: 'bbbb0001', committed_at: '2026-03-01T09:00:00Z' };
        assert.deepEqual((await server.post('/api/v1/changes', change)).body, { accepted: 1, duplicates: 0 });
        const again = await server.post('/api/v1/changes', change);
        assert.equal(again.status, 202);
        assert.deepEqual(again.body, { accepted: 0, duplicates: 1 });
      });

      test('one incident and an array of incidents are accepted', async () => {
        const one = await server.post('/api/v1/incidents', {
          id: 'INC-one',
          service: 'incidents',
          started_at: '2026-03-01T10:00:00Z',
        });
        assert.equal(one.status, 202);
        assert.deepEqual(one.body, { accepted: 1, duplicates: 0 });
        const many = await server.post('/api/v1/incidents', [
          { id: 'INC-two', service: 'incidents', started_at: '2026-03-01T11:00:00Z' },
          { id: 'INC-three', service: 'incidents', started_at: '2026-03-01T12:00:00Z', severity: 'SEV1' },
        ]);
        assert.equal(many.status, 202);
        assert.deepEqual(many.body, { accepted: 2, duplicates: 0 });
      });
    });

    describe('duplicates', () => {
      test('the same deployment id posted twice is counted once', async () => {
        const body = deployment({ id: 'dup-id', service: 'dup-id' });
        assert.deepEqual((await server.post('/api/v1/deployments', body)).body, {
          accepted: 1,
          duplicates: 0,
        });
        const again = await server.post('/api/v1/deployments', { ...body, version: 'v2' });
        assert.equal(again.status, 202);
        assert.deepEqual(again.body, { accepted: 0, duplicates: 1 });
        assert.equal(await count(`deployments where service = 'dup-id'`), 1);
      });

      test('a deployment without id posted twice identically is a duplicate', async () => {
        // JSON.stringify leaves out undefined: the request carries no id.
        const body = deployment({ id: undefined, service: 'no-id', version: '1.2.3' });
        assert.deepEqual((await server.post('/api/v1/deployments', body)).body, {
          accepted: 1,
          duplicates: 0,
        });
        const again = await server.post('/api/v1/deployments', body);
        assert.equal(again.status, 202);
        assert.deepEqual(again.body, { accepted: 0, duplicates: 1 });
        assert.equal(await count(`deployments where service = 'no-id'`), 1);
      });

      test('a deployment without id that differs in content is a new deployment', async () => {
        const body = deployment({ id: undefined, service: 'no-id-2', version: '1.0.0' });
        assert.deepEqual((await server.post('/api/v1/deployments', body)).body, {
          accepted: 1,
          duplicates: 0,
        });
        const other = await server.post('/api/v1/deployments', { ...body, version: '1.0.1' });
        assert.deepEqual(other.body, { accepted: 1, duplicates: 0 });
        assert.equal(await count(`deployments where service = 'no-id-2'`), 2);
      });

      test('a request repeated with the same Idempotency-Key gets the first answer again', async () => {
        const json = [
          deployment({ id: 'idem-1', service: 'idem' }),
          deployment({ id: 'idem-2', service: 'idem', finished_at: '2026-03-02T12:00:00Z' }),
        ];
        const headers = { 'idempotency-key': 'delivery-42' };
        const first = await server.request('POST', '/api/v1/deployments', { json, headers });
        assert.equal(first.status, 202);
        assert.deepEqual(first.body, { accepted: 2, duplicates: 0 });
        const second = await server.request('POST', '/api/v1/deployments', { json, headers });
        assert.equal(second.status, 202);
        assert.deepEqual(second.body, { accepted: 2, duplicates: 0 });
        assert.equal(await count(`raw_requests where headers->>'idempotency-key' = 'delivery-42'`), 1);
      });

      test('an incident posted again with resolved_at is updated', async () => {
        const metrics = '/api/v1/metrics?service=restore&from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z';
        const opened = await server.post('/api/v1/incidents', {
          id: 'INC-restore',
          service: 'restore',
          started_at: '2026-02-01T10:00:00Z',
        });
        assert.equal(opened.status, 202);
        assert.equal((await server.get(metrics)).body.time_to_restore.n, 0);

        const resolved = await server.post('/api/v1/incidents', {
          id: 'INC-restore',
          started_at: '2026-02-01T10:00:00Z',
          resolved_at: '2026-02-01T11:30:00Z',
        });
        assert.equal(resolved.status, 202);
        const after = (await server.get(metrics)).body.time_to_restore;
        assert.equal(after.n, 1);
        assert.equal(after.median_seconds, 5400);
        assert.equal(await count(`incidents where external_id = 'INC-restore'`), 1);
      });
    });

    describe('invalid payloads', () => {
      const cases: [string, string, unknown, string][] = [
        ['a missing service', '/api/v1/deployments', { ...deployment(), service: undefined }, 'service'],
        ['an unknown status', '/api/v1/deployments', deployment({ status: 'done' }), 'status'],
        ['a bad timestamp', '/api/v1/deployments', deployment({ finished_at: 'yesterday' }), 'finished_at'],
        [
          'a bad array item',
          '/api/v1/deployments',
          [deployment(), { ...deployment(), service: undefined }],
          '[1].service',
        ],
        [
          'a bad element in commits',
          '/api/v1/deployments',
          deployment({ commits: ['abcd1234', 'abcd1235', 'not-a-sha'] }),
          'commits[2]',
        ],
        ['an unknown field', '/api/v1/deployments', deployment({ servise: 'web' }), 'servise'],
        [
          'a change without sha',
          '/api/v1/changes',
          { repository: 'acme/web', committed_at: '2026-03-01T09:00:00Z' },
          'sha',
        ],
        [
          'a bad pull request time',
          '/api/v1/changes',
          {
            repository: 'acme/web',
            sha: 'cccc0001',
            committed_at: '2026-03-01T09:00:00Z',
            pull_request: { number: 1, merged_at: 'soon' },
          },
          'pull_request.merged_at',
        ],
        ['an incident without started_at', '/api/v1/incidents', { id: 'INC-bad' }, 'started_at'],
      ];
      for (const [what, path, json, field] of cases) {
        test(`${what} is refused naming ${field}`, async () => {
          assertError(await server.post(path, json), 400, 'invalid_payload', field);
        });
      }

      test('malformed JSON is refused naming the body', async () => {
        const response = await server.request('POST', '/api/v1/deployments', {
          body: '{"service": "web",',
          headers: { 'content-type': 'application/json' },
        });
        assertError(response, 400, 'invalid_payload', 'body');
      });

      test('an empty body is refused naming the body', async () => {
        const response = await server.request('POST', '/api/v1/deployments', {
          body: '',
          headers: { 'content-type': 'application/json' },
        });
        assertError(response, 400, 'invalid_payload', 'body');
      });

      test('a POST with no body and no content type is refused naming the body', async () => {
        const response = await fetch(`${server.url}/api/v1/deployments`, { method: 'POST' });
        assertError(
          { status: response.status, headers: response.headers, body: await response.json() },
          400,
          'invalid_payload',
          'body',
        );
      });

      test('a body over the limit is refused with 413', async () => {
        const json = Array.from({ length: 40 }, (_, index) =>
          deployment({ id: `big-${index}`, service: 'too-large' }),
        );
        assert.ok(JSON.stringify(json).length > 2048);
        assertError(await small.post('/api/v1/deployments', json), 413, 'payload_too_large');
        assert.equal(await count(`deployments where service = 'too-large'`), 0);
      });

      test('a body under the limit is accepted by the same server', async () => {
        const response = await small.post(
          '/api/v1/deployments',
          deployment({ id: 'small-1', service: 'small' }),
        );
        assert.equal(response.status, 202);
        assert.deepEqual(response.body, { accepted: 1, duplicates: 0 });
      });

      test('text/plain is refused with 415', async () => {
        const response = await server.request('POST', '/api/v1/deployments', {
          body: JSON.stringify(deployment()),
          headers: { 'content-type': 'text/plain' },
        });
        assertError(response, 415, 'unsupported_media_type');
      });

      test('a body without a content type is refused with 415', async () => {
        // fetch labels a string body text/plain; bytes go out with no Content-Type at all.
        const response = await fetch(`${server.url}/api/v1/deployments`, {
          method: 'POST',
          body: new TextEncoder().encode(JSON.stringify(deployment())),
        });
        assert.equal(response.headers.get('content-type')?.startsWith('application/json'), true);
        assertError(
          { status: response.status, headers: response.headers, body: await response.json() },
          415,
          'unsupported_media_type',
        );
      });

      test('application/json with a charset parameter is accepted', async () => {
        const response = await server.request('POST', '/api/v1/deployments', {
          json: deployment({ id: 'charset', service: 'charset' }),
          headers: { 'content-type': 'application/json; charset=utf-8' },
        });
        assert.equal(response.status, 202);
        assert.deepEqual(response.body, { accepted: 1, duplicates: 0 });
      });

      test('an application/*+json content type is accepted', async () => {
        const response = await server.request('POST', '/api/v1/deployments', {
          json: deployment({ id: 'vendor-json', service: 'vendor-json' }),
          headers: { 'content-type': 'application/vnd.fivekeys+json' },
        });
        assert.equal(response.status, 202);
      });
    });

    describe('storage', () => {
      test('the raw request is stored verbatim', async () => {
        const before = await count('raw_requests');
        const body = JSON.stringify(deployment({ id: 'raw-1', service: 'raw' }), null, 2);
        const response = await server.request('POST', '/api/v1/deployments', {
          body,
          headers: { 'content-type': 'application/json', 'idempotency-key': 'raw-key' },
        });
        assert.equal(response.status, 202);
        assert.equal(await count('raw_requests'), before + 1);
        const rows = await testDb.db.query<{
          source: string;
          delivery_id: string | null;
          content_type: string;
          body: string;
        }>(
          `select source, delivery_id, content_type, body from raw_requests
            where headers->>'idempotency-key' = 'raw-key'`,
        );
        // The key belongs to a token (idempotency_keys), so it is no delivery id shared by all senders.
        assert.deepEqual(rows, [
          { source: 'api/deployments', delivery_id: null, content_type: 'application/json', body },
        ]);
      });

      test('nothing is stored for a 400', async () => {
        const rawBefore = await count('raw_requests');
        const deploymentsBefore = await count('deployments');
        const response = await server.post('/api/v1/deployments', [
          deployment({ id: 'half-1', service: 'half' }),
          deployment({ id: 'half-2', service: 'half', status: 'unknown' }),
        ]);
        assertError(response, 400, 'invalid_payload', '[1].status');
        assert.equal(await count('raw_requests'), rawBefore);
        assert.equal(await count('deployments'), deploymentsBefore);
      });

      test('20 concurrent requests are all accepted and all stored', async () => {
        const rawBefore = await count('raw_requests');
        const responses = await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            server.post(
              '/api/v1/deployments',
              deployment({
                id: `burst-${index}`,
                service: 'burst',
                finished_at: `2026-03-03T10:${String(index).padStart(2, '0')}:00Z`,
              }),
            ),
          ),
        );
        assert.deepEqual(
          responses.map((response) => [response.status, response.body]),
          Array.from({ length: 20 }, () => [202, { accepted: 1, duplicates: 0 }]),
        );
        assert.equal(await count(`deployments where service = 'burst'`), 20);
        assert.equal(await count('raw_requests'), rawBefore + 20);
      });
    });
  });
}

/**
 * POST /api/v1/cloudevents over a listening server: the three modes of the HTTP binding (with the
 * `cloudevents` SDK's own emitter as the sending client), the answers of the webhook spec, dedup by
 * source + id, and errors naming the offending attribute.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CloudEvent, emitterFor, httpTransport, Mode } from 'cloudevents';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestResponse, type TestServer } from '../helpers/server.ts';

const SHA = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c';

/** A CDEvents 0.5 service.deployed as a producer would send it. */
const deployed = (id: string, artifact = 'pkg:oci/checkout@sha256%3A1111') => ({
  context: {
    specversion: '0.5.1',
    id,
    source: '/ci/argo',
    type: 'dev.cdevents.service.deployed.0.3.0',
    timestamp: '2026-03-02T10:00:00Z',
  },
  subject: { id: 'checkout', content: { environment: { id: 'production' }, artifactId: artifact } },
});

const structured = (id: string, data: object, type = 'dev.cdevents.service.deployed.0.3.0') => ({
  specversion: '1.0',
  id,
  source: '/ci/argo',
  type,
  time: '2026-03-02T10:00:00Z',
  datacontenttype: 'application/json',
  data,
});

function assertError(response: TestResponse, status: number, code: string, field?: string): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.body.error.code, code);
  assert.ok(response.body.error.message.length > 0);
  assert.equal(response.body.error.field, field);
}

for (const backend of backends()) {
  describe(`CloudEvents HTTP binding (${backend.name})`, () => {
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

    const deployments = () =>
      testDb.db.query<{ external_id: string; service: string; version: string }>(
        'select external_id, service, version from deployments order by external_id',
      );

    test('the cloudevents SDK emitter, binary and structured, is stored and mapped', async () => {
      for (const mode of [Mode.BINARY, Mode.STRUCTURED]) {
        const emit = emitterFor(httpTransport(`${server.url}/api/v1/cloudevents`), { mode });
        const id = `sdk-${mode}`;
        await emit(
          new CloudEvent({
            id,
            source: '/ci/argo',
            type: 'dev.cdevents.service.deployed.0.3.0',
            time: '2026-03-02T10:00:00Z',
            datacontenttype: 'application/json',
            data: deployed(id),
          }),
        );
      }
      const rows = await deployments();
      assert.deepEqual(
        rows.filter((row) => row.external_id.includes('sdk-')).map((row) => row.external_id),
        ['/ci/argo sdk-binary', '/ci/argo sdk-structured'],
      );
    });

    test("structured mode with the spec's own charset=UTF-8 answers 200 with what became of the event", async () => {
      const response = await server.request('POST', '/api/v1/cloudevents', {
        body: JSON.stringify(structured('s-1', deployed('s-1'))),
        headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, {
        id: 's-1',
        source: '/ci/argo',
        type: 'dev.cdevents.service.deployed.0.3.0',
        status: 'stored',
        accepted: 1,
        duplicates: 0,
      });
    });

    test('the same source and id again is a duplicate, stored once', async () => {
      const send = () =>
        server.request('POST', '/api/v1/cloudevents', {
          body: JSON.stringify(deployed('b-1')),
          headers: {
            'content-type': 'application/json',
            'ce-specversion': '1.0',
            'ce-id': 'b-1',
            'ce-source': '/ci/argo',
            'ce-type': 'dev.cdevents.service.deployed.0.3.0',
          },
        });
      assert.equal((await send()).body.status, 'stored');
      const again = await send();
      assert.equal(again.status, 200);
      assert.equal(again.body.status, 'duplicate');
      const [raw] = await testDb.db.query<{ n: number }>(
        `select count(*)::int as n from raw_requests where delivery_id = '/ci/argo' || chr(10) || 'b-1' || chr(10) || 'dev.cdevents.service.deployed.0.3.0'`,
      );
      assert.equal(raw?.n, 1);
    });

    test('binary-mode headers are percent-decoded; a valid non-DORA event is stored and acknowledged', async () => {
      const response = await server.request('POST', '/api/v1/cloudevents', {
        body: 'hello',
        headers: {
          'content-type': 'text/plain',
          'ce-specversion': '1.0',
          'ce-id': 'note%201',
          'ce-source': '/notes',
          'ce-type': 'com.example.note',
        },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.id, 'note 1');
      assert.deepEqual(response.body.ignored, ['no route for type com.example.note']);
      const [raw] = await testDb.db.query<{ outcome: { status: string; reasons: string[] } }>(
        `select outcome from raw_requests where delivery_id = '/notes' || chr(10) || 'note 1' || chr(10) || 'com.example.note'`,
      );
      assert.equal(raw?.outcome.status, 'ignored');
    });

    test('a batch answers one result per event; a bad event does not fail the others', async () => {
      const bad = { ...structured('batch-2', deployed('batch-2')), source: '' };
      const invalidCdEvent = structured('batch-3', {
        ...deployed('batch-3'),
        subject: { id: 'checkout', content: { artifactId: 'pkg:oci/x@1' } },
      });
      const response = await server.request('POST', '/api/v1/cloudevents', {
        body: JSON.stringify([structured('batch-1', deployed('batch-1')), bad, invalidCdEvent]),
        headers: { 'content-type': 'application/cloudevents-batch+json' },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(
        { stored: response.body.stored, rejected: response.body.rejected },
        { stored: 1, rejected: 2 },
      );
      const [first, second, third] = response.body.results;
      assert.equal(first.status, 'stored');
      assert.deepEqual([second.status, second.error.field], ['rejected', '[1].source']);
      assert.deepEqual(
        [third.status, third.error.field],
        ['rejected', '[2].data.subject.content.environment'],
      );
    });

    test('errors name the offending attribute', async () => {
      const binary = (headers: Record<string, string>) =>
        server.request('POST', '/api/v1/cloudevents', {
          body: '{}',
          headers: {
            'content-type': 'application/json',
            'ce-specversion': '1.0',
            'ce-id': 'e-1',
            'ce-source': '/x',
            'ce-type': 'com.example.x',
            ...headers,
          },
        });
      assertError(await binary({ 'ce-source': '' }), 400, 'invalid_payload', 'ce-source');
      assertError(await binary({ 'ce-time': 'yesterday' }), 400, 'invalid_payload', 'ce-time');
      assertError(await binary({ 'ce-specversion': '0.2' }), 400, 'invalid_payload', 'ce-specversion');
      assertError(await binary({ 'ce-Bad_Ext': 'x' }), 400, 'invalid_payload', 'ce-bad_ext');
      const structuredBad = await server.request('POST', '/api/v1/cloudevents', {
        body: JSON.stringify({ ...structured('e-2', {}, 'com.example.x'), time: '2026-13-01' }),
        headers: { 'content-type': 'application/cloudevents+json' },
      });
      assertError(structuredBad, 400, 'invalid_payload', 'time');
      const cdevent = await server.request('POST', '/api/v1/cloudevents', {
        body: JSON.stringify(structured('e-3', { ...deployed('e-3'), subject: { id: 'x', content: {} } })),
        headers: { 'content-type': 'application/cloudevents+json' },
      });
      assertError(cdevent, 400, 'invalid_payload', 'data.subject.content.environment');
    });

    test('an unknown format is 415; a request that is no CloudEvent is 415', async () => {
      const xml = await server.request('POST', '/api/v1/cloudevents', {
        body: '<event/>',
        headers: { 'content-type': 'application/cloudevents+xml' },
      });
      assertError(xml, 415, 'unsupported_media_type', 'content-type');
      const plain = await server.request('POST', '/api/v1/cloudevents', {
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      assertError(plain, 415, 'unsupported_media_type', 'content-type');
    });

    test('the OPTIONS abuse-protection handshake grants the requesting origin', async () => {
      const response = await server.request('OPTIONS', '/api/v1/cloudevents', {
        headers: { 'webhook-request-origin': 'eventemitter.example.com' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('webhook-allowed-origin'), 'eventemitter.example.com');
      assert.match(response.headers.get('allow') ?? '', /POST/);
      const missing = await server.request('OPTIONS', '/api/v1/cloudevents');
      assertError(missing, 400, 'invalid_payload', 'webhook-request-origin');
    });

    test('a deployment stored before its artifact is linked learns its commit when the link arrives', async () => {
      const artifact = 'pkg:oci/late@sha256%3A2222';
      await server.request('POST', '/api/v1/cloudevents', {
        body: JSON.stringify(structured('late-1', deployed('late-1', artifact))),
        headers: { 'content-type': 'application/cloudevents+json' },
      });
      const packaged = {
        context: {
          specversion: '0.5.1',
          id: 'pkg-1',
          source: '/ci/build',
          type: 'dev.cdevents.artifact.packaged.0.3.0',
          timestamp: '2026-03-02T09:00:00Z',
        },
        subject: {
          id: artifact,
          content: { change: { id: SHA.toUpperCase(), source: 'github.com/acme/shop' } },
        },
      };
      const response = await server.request('POST', '/api/v1/cloudevents', {
        body: JSON.stringify(structured('pkg-1', packaged, 'dev.cdevents.artifact.packaged.0.3.0')),
        headers: { 'content-type': 'application/cloudevents+json' },
      });
      assert.equal(response.body.accepted, 1);
      const [row] = await testDb.db.query<{ head_commit: string; shas: string[] }>(
        `select d.head_commit, array_agg(dc.sha) as shas from deployments d
           join deployment_changes dc on dc.deployment_id = d.id
          where d.external_id = '/ci/argo late-1' group by 1`,
      );
      assert.deepEqual(row, { head_commit: SHA, shas: [SHA] });
    });

    test('an incident resolved before it is reported detected takes its start from the detection', async () => {
      const incident = (predicate: string, id: string, timestamp: string) =>
        structured(
          id,
          {
            context: {
              specversion: '0.5.1',
              id,
              source: '/monitoring',
              type: `dev.cdevents.incident.${predicate}.0.3.0`,
              timestamp,
            },
            subject: {
              id: 'INC-7',
              content: { environment: { id: 'production' }, service: { id: 'checkout' } },
            },
          },
          `dev.cdevents.incident.${predicate}.0.3.0`,
        );
      const send = (body: object) =>
        server.request('POST', '/api/v1/cloudevents', {
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/cloudevents+json' },
        });
      await send(incident('resolved', 'inc-b', '2026-03-05T12:00:00Z'));
      const open = await testDb.db.query<{ start: Date; resolved: Date }>(
        `select started_at as start, resolved_at as resolved from incidents where external_id = 'INC-7'`,
      );
      assert.equal(open[0]?.start.toISOString(), '2026-03-05T12:00:00.000Z');
      await send(incident('detected', 'inc-a', '2026-03-05T09:00:00Z'));
      const [row] = await testDb.db.query<{ start: Date; resolved: Date; start_reported: boolean }>(
        `select started_at as start, resolved_at as resolved, start_reported from incidents where external_id = 'INC-7'`,
      );
      assert.deepEqual(
        [row?.start.toISOString(), row?.resolved.toISOString(), row?.start_reported],
        ['2026-03-05T09:00:00.000Z', '2026-03-05T12:00:00.000Z', true],
      );
    });
  });
}

describe('CloudEvents authentication', () => {
  test('senders that cannot set headers may put the token in ?access_token=', async () => {
    const backend = backends()[0]!;
    const testDb = await backend.create();
    const server = await startServer(testDb.db, { adminToken: 'fk_admin_secret-for-tests' });
    try {
      const send = (query: string) =>
        server.request('POST', `/api/v1/cloudevents${query}`, {
          body: JSON.stringify(structured('auth-1', deployed('auth-1'))),
          headers: { 'content-type': 'application/cloudevents+json' },
        });
      assertError(await send(''), 401, 'unauthorized');
      assertError(await send('?access_token=wrong'), 401, 'unauthorized');
      assert.equal((await send('?access_token=fk_admin_secret-for-tests')).status, 200);
    } finally {
      await server.close();
      await testDb.drop();
    }
  });
});

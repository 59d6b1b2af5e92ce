/**
 * `GET /api/v1/events/live` over a listening server: the stream opened with real fetch, then one
 * request of each outcome (stored, failed with the field, ignored, rejected, duplicate), each read
 * back as its own `event: ingest` message with the exact documented fields.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sign } from '@octokit/webhooks-methods';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const TOKEN = 'fk_live-events-admin';
const SECRET = 'gh-live-secret';

interface SseMessage {
  event: string | undefined;
  data: string | undefined;
  comment: string | undefined;
  retry: string | undefined;
}

/** Reads server-sent events from a fetch body, one message (blank-line separated) at a time. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(): Promise<SseMessage> {
      while (!buffer.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += value;
      }
      const end = buffer.indexOf('\n\n');
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(name))
          ?.slice(name.length);
      return {
        event: field('event: '),
        data: field('data: '),
        comment: field(': '),
        retry: field('retry: '),
      };
    },
    cancel: () => reader.cancel(),
  };
}

for (const backend of backends()) {
  describe(`live ingest events (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    let stream: ReturnType<typeof sseReader>;
    const nextIngest = async () => {
      const message = await stream.next();
      assert.equal(message.event, 'ingest', JSON.stringify(message));
      const data = JSON.parse(message.data ?? 'null');
      assert.match(data.received_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(data.history, false);
      delete data.received_at;
      delete data.history;
      return data;
    };
    const github = async (event: string, body: string, delivery: string, secret = SECRET) =>
      server.request('POST', '/api/v1/webhooks/github', {
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': delivery,
          'x-hub-signature-256': await sign(secret, body),
        },
        body,
      });

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, {
        adminToken: TOKEN,
        webhooks: { github: { secrets: [SECRET] } },
      });
      const response = await fetch(`${server.url}/api/v1/events/live?access_token=${TOKEN}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      stream = sseReader(response.body!);
      assert.equal((await stream.next()).retry, '3000');
    });
    after(async () => {
      await stream.cancel().catch(() => undefined);
      await server.close();
      await testDb.drop();
    });

    test('needs an admin token: 401 without one', async () => {
      const response = await server.get('/api/v1/events/live');
      assert.equal(response.status, 401);
      assert.equal(response.body.error.code, 'unauthorized');
    });

    test('a stored native deployment', async () => {
      const deployment = {
        id: 'live-1',
        service: 'checkout',
        environment: 'production',
        status: 'success',
        finished_at: '2026-03-02T10:00:00Z',
      };
      const response = await server.request('POST', '/api/v1/deployments', {
        json: deployment,
        token: TOKEN,
        headers: { 'idempotency-key': 'deploy-live-1' },
      });
      assert.equal(response.status, 202);
      assert.deepEqual(await nextIngest(), {
        source: 'api/deployments',
        type: null,
        delivery_id: 'deploy-live-1',
        status: 'stored',
        rows: { changes: 0, deployments: 1, incidents: 0 },
        reasons: [],
        warnings: [],
        error: null,
        http_status: 202,
      });
    });

    test('a deployment stored that will not count carries the warning its answer gave', async () => {
      const response = await server.post(
        '/api/v1/deployments',
        {
          id: 'live-prd',
          service: 'checkout',
          environment: 'prd',
          status: 'success',
          finished_at: '2026-03-02T11:00:00Z',
        },
        TOKEN,
      );
      assert.equal(response.status, 202);
      const message = await nextIngest();
      assert.equal(message.status, 'stored');
      assert.deepEqual(message.warnings, response.body.warnings);
      assert.equal(message.warnings[0].code, 'not_production');
      assert.equal(message.warnings[0].id, 'live-prd');
    });

    test('a bad native deployment fails with the field', async () => {
      const response = await server.post(
        '/api/v1/deployments',
        {
          service: 'checkout',
          environment: 'production',
          status: 'done',
          finished_at: '2026-03-02T10:00:00Z',
        },
        TOKEN,
      );
      assert.equal(response.status, 400);
      assert.deepEqual(await nextIngest(), {
        source: 'api/deployments',
        type: null,
        delivery_id: null,
        status: 'failed',
        rows: { changes: 0, deployments: 0, incidents: 0 },
        reasons: [],
        warnings: [],
        error: response.body.error,
        http_status: 400,
      });
      assert.equal(response.body.error.field, 'status');
    });

    test('a GitHub ping is ignored, with the reason', async () => {
      const response = await github('ping', JSON.stringify({ zen: 'Live.', hook_id: 1 }), 'ping-delivery-1');
      assert.equal(response.status, 202);
      const message = await nextIngest();
      assert.equal(message.reasons.length, 1);
      assert.match(message.reasons[0], /ping/);
      assert.deepEqual(message, {
        source: 'github',
        type: 'ping',
        delivery_id: 'ping-delivery-1',
        status: 'ignored',
        rows: { changes: 0, deployments: 0, incidents: 0 },
        reasons: message.reasons,
        warnings: [],
        error: null,
        http_status: 202,
      });
    });

    test('the same GitHub delivery again is a duplicate', async () => {
      const response = await github('ping', JSON.stringify({ zen: 'Live.', hook_id: 1 }), 'ping-delivery-1');
      assert.equal(response.body.status, 'duplicate');
      const message = await nextIngest();
      assert.equal(message.status, 'duplicate');
      assert.equal(message.delivery_id, 'ping-delivery-1');
    });

    test('a wrongly signed GitHub delivery is rejected', async () => {
      const response = await github('push', '{"ref":"refs/heads/main"}', 'bad-signature-1', 'not-the-secret');
      assert.equal(response.status, 401);
      assert.deepEqual(await nextIngest(), {
        source: 'github',
        type: 'push',
        delivery_id: 'bad-signature-1',
        status: 'rejected',
        rows: { changes: 0, deployments: 0, incidents: 0 },
        reasons: [],
        warnings: [],
        error: response.body.error,
        http_status: 401,
      });
    });

    test('a native request without a token is rejected; reads produce no message', async () => {
      await server.get('/api/v1/deployments', TOKEN);
      const response = await server.post('/api/v1/incidents', {
        id: 'i-1',
        started_at: '2026-03-02T10:00:00Z',
      });
      assert.equal(response.status, 401);
      const message = await nextIngest();
      assert.equal(message.source, 'api/incidents');
      assert.equal(message.status, 'rejected');
      assert.equal(message.error.code, 'unauthorized');
    });

    test('a new stream opens with the latest stored requests as history, oldest first', async () => {
      const opened = await fetch(`${server.url}/api/v1/events/live?recent=2&access_token=${TOKEN}`);
      const replay = sseReader(opened.body!);
      try {
        assert.equal((await replay.next()).retry, '3000');
        const first = JSON.parse((await replay.next()).data!);
        const second = JSON.parse((await replay.next()).data!);
        // Refused, invalid and duplicate requests are never logged: the last two logged are these.
        assert.deepEqual(
          { ...first, received_at: undefined },
          {
            received_at: undefined,
            source: 'api/deployments',
            type: null,
            delivery_id: null,
            status: 'stored',
            rows: { changes: 0, deployments: 1, incidents: 0 },
            reasons: [],
            warnings: [],
            error: null,
            http_status: null,
            history: true,
          },
        );
        assert.equal(second.source, 'github');
        assert.equal(second.type, 'ping');
        assert.equal(second.delivery_id, 'ping-delivery-1');
        assert.equal(second.status, 'ignored');
        assert.match(second.reasons[0], /ping/);
        assert.equal(second.history, true);
        assert.ok(first.received_at <= second.received_at);
        const deployment = {
          id: 'after-history',
          service: 'checkout',
          environment: 'production',
          status: 'success',
          finished_at: '2026-03-02T12:00:00Z',
        };
        assert.equal((await server.post('/api/v1/deployments', deployment, TOKEN)).status, 202);
        const live = JSON.parse((await replay.next()).data!);
        assert.equal(live.history, false);
        assert.equal(live.http_status, 202);
        await nextIngest();
      } finally {
        await replay.cancel();
      }
    });

    test('recent=0 opens with no history; a huge recent is capped, never refused', async () => {
      const none = await fetch(`${server.url}/api/v1/events/live?recent=0&access_token=${TOKEN}`);
      const huge = await fetch(`${server.url}/api/v1/events/live?recent=999999&access_token=${TOKEN}`);
      assert.equal(huge.status, 200);
      const all = sseReader(huge.body!);
      const empty = sseReader(none.body!);
      try {
        assert.equal((await all.next()).retry, '3000');
        const logged = [];
        for (let i = 0; i < 4; i++) logged.push(JSON.parse((await all.next()).data!).history);
        assert.deepEqual(logged, [true, true, true, true]);
        assert.equal((await empty.next()).retry, '3000');
        const incident = { id: 'i-after', started_at: '2026-03-02T10:00:00Z', service: 'checkout' };
        assert.equal((await server.post('/api/v1/incidents', incident, TOKEN)).status, 202);
        const first = JSON.parse((await empty.next()).data!);
        assert.equal(first.history, false);
        assert.equal(first.source, 'api/incidents');
        await nextIngest();
      } finally {
        await all.cancel();
        await empty.cancel();
      }
    });
  });
}

/**
 * A server that is stopping, seen from the network: `/readyz` answers 503 `stopping` as soon as a
 * stop begins; a request that completes its headers after the close began gets our error shape with
 * Retry-After (not Fastify's own 503 body); a request in flight when the close began is answered and
 * its keep-alive connection closed with it, so the close does not wait for the 72 s keep-alive.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Opens a connection to `url` whose bytes the test sends piece by piece. */
async function rawConnection(url: string): Promise<{ socket: Socket; response: Promise<RawResponse> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  const response = new Promise<RawResponse>((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 2),
        ]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
  return { socket, response };
}

/** Lets the server read what was sent (and run its preClose hooks) before the test goes on. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

for (const backend of backends()) {
  describe(`stopping server (${backend.name})`, () => {
    let testDb: TestDb;
    before(async () => {
      testDb = await backend.create();
    });
    after(() => testDb.drop());

    test('/readyz answers 503 stopping with Retry-After once a stop begins; other routes still serve', async () => {
      const server = await startServer(testDb.db, { auth: 'off' });
      try {
        assert.equal((await server.get('/readyz')).status, 200);
        server.services.lifecycle.beginStop();
        const ready = await server.get('/readyz');
        assert.equal(ready.status, 503);
        assert.equal(ready.headers.get('retry-after'), '5');
        assert.equal(ready.body.status, 'stopping');
        assert.equal((await server.get('/api/ping')).status, 200, 'draining: still serving');
      } finally {
        await server.close();
      }
    });

    test('a request arriving during the close gets 503 shutting_down with Retry-After; one in flight is answered and its connection closed', async () => {
      const server: TestServer = await startServer(testDb.db, { auth: 'off' });
      const body = JSON.stringify({
        id: 'in-flight-1',
        service: 'shop',
        environment: 'production',
        status: 'success',
        finished_at: '2026-03-03T10:00:00Z',
      });
      // In flight: its headers and half its body are in when the close begins.
      const inFlight = await rawConnection(server.url);
      inFlight.socket.write(
        'POST /api/v1/deployments HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n' +
          `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      );
      // Arriving: its headers are not complete when the close begins.
      const arriving = await rawConnection(server.url);
      arriving.socket.write('GET /api/v1/metrics HTTP/1.1\r\nHost: x\r\n');
      const ready = await rawConnection(server.url);
      ready.socket.write('GET /readyz HTTP/1.1\r\nHost: x\r\n');
      await settle();

      const started = performance.now();
      const closed = server.close();
      await settle();
      arriving.socket.write('\r\n');
      ready.socket.write('\r\n');
      inFlight.socket.write(body.slice(10));

      const refused = await arriving.response;
      assert.equal(refused.status, 503);
      assert.equal(refused.headers['retry-after'], '5');
      assert.equal(refused.headers['connection'], 'close');
      assert.deepEqual(JSON.parse(refused.body).error.code, 'shutting_down');
      assert.match(JSON.parse(refused.body).error.message, /retry|again/i);

      const readiness = await ready.response;
      assert.equal(readiness.status, 503);
      assert.equal(JSON.parse(readiness.body).status, 'stopping');

      const answered = await inFlight.response;
      assert.equal(answered.status, 202, answered.body);
      assert.equal(answered.headers['connection'], 'close', 'the keep-alive connection ends with its answer');
      await closed;
      const closeMs = performance.now() - started;
      assert.ok(closeMs < 5000, `closed in ${closeMs.toFixed(0)} ms, not after the keep-alive timeout`);
      const stored = await testDb.db.query(`select 1 from deployments where external_id = 'in-flight-1'`);
      assert.equal(stored.length, 1, 'the in-flight request committed');
    });
  });
}

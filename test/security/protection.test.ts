/**
 * What every caller meets before a route: security headers, CORS only for configured origins, a
 * request budget per token answered with 429 + Retry-After, and a deadline for slow senders.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'protection-admin-token';
const [backend] = backends(); // HTTP-level behaviour: one backend is enough

describe('headers and CORS', () => {
  let testDb: TestDb;
  let closed: TestServer;
  let open: TestServer;
  before(async () => {
    testDb = await backend!.create();
    closed = await startServer(testDb.db, { auth: 'off' });
    open = await startServer(testDb.db, { auth: 'off', server: { corsOrigins: ['https://dash.example'] } });
  });
  after(async () => {
    await closed.close();
    await open.close();
    await testDb.drop();
  });

  test('answers carry the security headers', async () => {
    const response = await fetch(`${closed.url}/api/v1/metrics`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-powered-by'), null);
  });

  test('by default no origin may call from a browser', async () => {
    const preflight = await fetch(`${closed.url}/api/v1/deployments`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const read = await fetch(`${closed.url}/api/v1/metrics`, { headers: { origin: 'https://evil.example' } });
    assert.equal(read.headers.get('access-control-allow-origin'), null);
  });

  test('a configured origin is allowed, others are not', async () => {
    const allowed = await fetch(`${open.url}/api/v1/deployments`, {
      method: 'OPTIONS',
      headers: { origin: 'https://dash.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://dash.example');
    const other = await fetch(`${open.url}/api/v1/metrics`, { headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});

describe('rate limit per token', () => {
  let testDb: TestDb;
  let server: TestServer;
  before(async () => {
    testDb = await backend!.create();
    server = await startServer(testDb.db, {
      auth: 'required',
      adminToken: ADMIN,
      server: { rateLimitPerMinute: 5 },
    });
  });
  after(async () => {
    await server.close();
    await testDb.drop();
  });

  test('the sixth request in a minute gets 429 with Retry-After; another token is not affected', async () => {
    const created = await server.post('/api/v1/tokens', { name: 'busy', scopes: ['read'] }, ADMIN);
    assert.equal(created.status, 201); // the admin's 1st request
    const busy = created.body.token as string;
    for (let i = 0; i < 5; i++) assert.equal((await server.get('/api/v1/metrics', busy)).status, 200);
    const limited = await server.get('/api/v1/metrics', busy);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    // The admin token has its own budget (4 left).
    assert.equal((await server.get('/api/v1/tokens', ADMIN)).status, 200);
  });

  test('refusals carry the security headers too', async () => {
    // Authentication answers 401 before later hooks run: the headers are set before it.
    const refused = await server.get('/api/v1/metrics', 'not-a-token');
    assert.equal(refused.status, 401);
    let limited = await server.get('/api/v1/metrics', ADMIN);
    for (let i = 0; i < 5 && limited.status === 200; i++)
      limited = await server.get('/api/v1/metrics', ADMIN);
    assert.equal(limited.status, 429);
    for (const response of [refused, limited]) {
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    }
  });
});

describe('slow senders', () => {
  let testDb: TestDb;
  let server: TestServer;
  before(async () => {
    testDb = await backend!.create();
    server = await startServer(testDb.db, { auth: 'off', server: { requestTimeoutMs: 1000 } });
  });
  after(async () => {
    await server.close();
    await testDb.drop();
  });

  test('a client dripping its headers is cut off after the request timeout', async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write('POST /api/v1/changes HTTP/1.1\r\nHost: localhost\r\n');
    const started = Date.now();
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 200);
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    clearInterval(drip);
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 5, `closed after ${seconds} s`);
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.equal(JSON.parse(answer.split('\r\n\r\n')[1]!).error.code, 'request_timeout');
  });

  test('headers over 16 KiB get 431 with a stable code', async () => {
    const response = await fetch(`${server.url}/api/v1/metrics`, {
      headers: { 'x-big': 'a'.repeat(20_000) },
    });
    assert.equal(response.status, 431);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'headers_too_large');
  });

  test('a 200-character service name fits in a path segment', async () => {
    const name = 's'.repeat(200);
    const put = await fetch(`${server.url}/api/v1/services/${name}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ team: 'web' }),
    });
    assert.equal(put.status, 200, await put.text());
    const get = await fetch(`${server.url}/api/v1/services/${name}`);
    assert.equal(((await get.json()) as { name: string }).name, name);
  });

  test('a client that stops sending its body is cut off too', async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(
      'POST /api/v1/changes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{',
    );
    const started = Date.now();
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 5, `closed after ${seconds} s`);
    assert.match(answer, /^HTTP\/1\.1 408/);
  });
});

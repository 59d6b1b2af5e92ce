/**
 * What every caller meets before a route: security headers, CORS only for configured origins, a
 * request budget per token answered with 429 + Retry-After, and a deadline for slow senders.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
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

describe('what the rate limit counts', () => {
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

  test('two tokens with the same name have a budget each', async () => {
    const first = (await server.post('/api/v1/tokens', { name: 'twin', scopes: ['read'] }, ADMIN)).body;
    const second = (await server.post('/api/v1/tokens', { name: 'twin', scopes: ['read'] }, ADMIN)).body;
    for (let i = 0; i < 5; i++) assert.equal((await server.get('/api/v1/metrics', first.token)).status, 200);
    assert.equal((await server.get('/api/v1/metrics', first.token)).status, 429);
    assert.equal((await server.get('/api/v1/metrics', second.token)).status, 200);
  });

  test('refused requests count against their address: wrong tokens get 429 after the budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await server.get('/api/v1/metrics', `fk_aaaaaaaaaaaa_${'guess'.repeat(5)}${i}`)).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
    // The address is spent, a token used from it is not: budgets are the token's wherever it calls from.
    const own = (await server.post('/api/v1/tokens', { name: 'own', scopes: ['read'] }, ADMIN)).body;
    assert.equal((await server.get('/api/v1/metrics', own.token)).status, 200);
    // Another address has its own budget.
    assert.equal(await statusFrom('127.0.0.2', `${server.url}/api/v1/metrics`), 401);
  });

  test('health probes are never limited', async () => {
    for (let i = 0; i < 7; i++) await server.get('/api/ping');
    assert.equal((await server.get('/api/ping')).status, 429);
    for (let i = 0; i < 3; i++) {
      assert.equal((await server.get('/healthz')).status, 200);
      assert.equal((await server.get('/readyz')).status, 200);
    }
  });
});

describe('refusals to an allowed origin', () => {
  let testDb: TestDb;
  let server: TestServer;
  const ORIGIN = 'https://dash.example';
  before(async () => {
    testDb = await backend!.create();
    server = await startServer(testDb.db, {
      auth: 'required',
      adminToken: ADMIN,
      server: { corsOrigins: [ORIGIN], rateLimitPerMinute: 5 },
    });
  });
  after(async () => {
    await server.close();
    await testDb.drop();
  });

  test('401, 403 and 429 carry Access-Control-Allow-Origin so the browser can read them', async () => {
    const headers = { origin: ORIGIN };
    const reader = (await server.post('/api/v1/tokens', { name: 'browser', scopes: ['read'] }, ADMIN)).body;
    const unauthorized = await server.request('GET', '/api/v1/metrics', { headers });
    assert.equal(unauthorized.status, 401);
    const forbidden = await server.request('GET', '/api/v1/tokens', { headers, token: reader.token });
    assert.equal(forbidden.status, 403);
    let limited = forbidden;
    for (let i = 0; i < 6 && limited.status !== 429; i++) {
      limited = await server.request('GET', '/api/v1/metrics', { headers, token: reader.token });
    }
    assert.equal(limited.status, 429);
    for (const response of [unauthorized, forbidden, limited]) {
      assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN, `on ${response.status}`);
    }
  });
});

/** A GET sent from another loopback address (Linux routes all of 127.0.0.0/8 to lo). */
function statusFrom(localAddress: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { localAddress }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}

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

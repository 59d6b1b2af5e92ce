/**
 * Behind a proxy: open mode (no token yet) lets only a local caller mint the first admin token, and a
 * request relayed by a proxy on the same host is not local whatever its peer address says.
 * FIVEKEYS_TRUST_PROXY decides whose forwarding headers name the client (rate limit, audit).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const [backend] = backends(); // HTTP-level behaviour: one backend is enough
const FIRST_TOKEN = { name: 'first', scopes: ['admin'] };

describe('open mode behind a proxy on the same host', () => {
  for (const trustProxy of [false, true] as const) {
    describe(`trust proxy ${trustProxy}`, () => {
      let testDb: TestDb;
      let server: TestServer;
      before(async () => {
        testDb = await backend!.create();
        server = await startServer(testDb.db, { auth: 'auto', server: { trustProxy } });
      });
      after(async () => {
        await server.close();
        await testDb.drop();
      });

      test('a relayed request may not create the first admin token, even one claiming loopback', async () => {
        const relayed: Record<string, string>[] = [
          { 'x-forwarded-for': '203.0.113.9' },
          { 'x-forwarded-for': '127.0.0.1' },
          { forwarded: 'for=198.51.100.7;proto=https' },
          { 'x-real-ip': '127.0.0.1' },
        ];
        for (const headers of relayed) {
          const response = await server.request('POST', '/api/v1/tokens', { json: FIRST_TOKEN, headers });
          assert.equal(response.status, 403, JSON.stringify(headers));
          assert.equal(response.body.error.code, 'forbidden');
        }
        // Reads stay open: only minting credentials is reserved to the machine itself.
        const read = await server.request('GET', '/api/v1/metrics', { headers: relayed[0] });
        assert.equal(read.status, 200);
        const local = await server.post('/api/v1/tokens', FIRST_TOKEN);
        assert.equal(local.status, 201);
      });
    });
  }
});

describe('FIVEKEYS_TRUST_PROXY and the client address', () => {
  let testDb: TestDb;
  const servers: TestServer[] = [];
  const ADMIN = 'proxies-admin-token';
  before(async () => {
    testDb = await backend!.create();
  });
  after(async () => {
    for (const server of servers) await server.close();
    await testDb.drop();
  });

  /** Statuses of unauthenticated reads, each relayed for `client`, from a budget of 2 per minute. */
  async function budgetsOf(trustProxy: boolean | number | string[], clients: string[]): Promise<number[]> {
    const server = await startServer(testDb.db, {
      auth: 'required',
      adminToken: ADMIN,
      server: { trustProxy, rateLimitPerMinute: 2 },
    });
    servers.push(server);
    const statuses: number[] = [];
    for (const client of clients) {
      const headers = { 'x-forwarded-for': client };
      statuses.push((await server.request('GET', '/api/ping', { headers })).status);
    }
    return statuses;
  }

  const clients = ['192.0.2.1', '192.0.2.1', '192.0.2.1', '192.0.2.2'];

  test('off (the default): forwarding headers are ignored, every caller is the peer', async () => {
    assert.deepEqual(await budgetsOf(false, clients), [200, 200, 429, 429]);
  });

  test('on: each forwarded client has its own budget', async () => {
    assert.deepEqual(await budgetsOf(true, clients), [200, 200, 429, 200]);
  });

  test('a list of proxy addresses or CIDRs is trusted only when the peer is in it', async () => {
    assert.deepEqual(await budgetsOf(['127.0.0.0/8'], clients), [200, 200, 429, 200]);
    assert.deepEqual(await budgetsOf(['10.0.0.0/8', '192.168.1.1'], clients), [200, 200, 429, 429]);
  });

  test('a hop count trusts that many proxies', async () => {
    assert.deepEqual(await budgetsOf(1, clients), [200, 200, 429, 200]);
  });
});

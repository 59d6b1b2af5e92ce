/**
 * Every route of the OpenAPI document × every kind of caller: no token, a made-up token, a revoked
 * one, and a token of each scope. A route that declares a scope (`x-fivekeys-scope`) must answer
 * 401 to the first three and 403 to a token without the scope (admin holds them all); routes that
 * authenticate themselves (webhooks) are listed with what they need. Prints the matrix.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'matrix-admin-token';
const CALLERS = ['none', 'wrong', 'revoked', 'ingest', 'read', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
type Scope = 'ingest' | 'read' | 'admin';

/** Routes that check credentials themselves, by the scope of token they take (signed sources refuse tokens without `trust_bearer`). */
const SELF_AUTHENTICATED: Record<string, Scope> = {
  'GET /api/graphql': 'read',
  'POST /api/graphql': 'read',
  'POST /api/v1/webhooks/{source}': 'ingest',
  'POST /api/plugins/webhook/{connectionId}/deployments': 'ingest',
  'POST /api/plugins/webhook/{connectionId}/incidents': 'ingest',
  'POST /api/plugins/webhook/{connectionId}/issues': 'ingest',
  'POST /api/plugins/webhook/{connectionId}/issue/{issueKey}/close': 'ingest',
  'POST /api/rest/plugins/webhook/{connectionId}/deployments': 'ingest',
  'POST /api/rest/plugins/webhook/{connectionId}/incidents': 'ingest',
  'POST /api/rest/plugins/webhook/{connectionId}/issues': 'ingest',
  'POST /api/rest/plugins/webhook/{connectionId}/issue/{issueKey}/close': 'ingest',
};

/** Routes any valid token may call, whatever its scopes (they tell the caller about itself). */
const ANY_TOKEN = new Set(['GET /api/v1/auth/whoami']);

const PARAMETERS: Record<string, string> = {
  source: 'argocd', // a token-authenticated source
  metric: 'lead-time',
  name: 'matrix-service',
  id: 'nosuchtoken0',
  connectionId: '1',
  issueKey: 'KEY-1',
};

interface Operation {
  method: string;
  path: string;
  scope: Scope | undefined;
}

async function operations(server: TestServer): Promise<Operation[]> {
  const document = (await server.get('/openapi.json')).body as {
    paths: Record<string, Record<string, { 'x-fivekeys-scope'?: Scope }>>;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const key = `${method.toUpperCase()} ${path}`;
      return {
        method: method.toUpperCase(),
        path,
        scope: operation['x-fivekeys-scope'] ?? SELF_AUTHENTICATED[key],
      };
    }),
  );
}

/** Status only: a streaming answer (live events) is cancelled once its headers are in. */
async function statusOf(
  server: TestServer,
  operation: Operation,
  token: string | undefined,
): Promise<number> {
  const url = server.url + operation.path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMETERS[name] ?? 'x');
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE' && operation.method !== 'HEAD';
  if (hasBody) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: operation.method,
    headers,
    body: hasBody ? '{}' : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  return response.status;
}

function expected(operation: Operation, caller: Caller): 'refused 401' | 'refused 403' | 'allowed' {
  const anyToken = ANY_TOKEN.has(`${operation.method} ${operation.path}`);
  if (!operation.scope && !anyToken) return 'allowed';
  if (caller === 'none' || caller === 'wrong' || caller === 'revoked') return 'refused 401';
  if (anyToken) return 'allowed';
  return caller === 'admin' || caller === operation.scope ? 'allowed' : 'refused 403';
}

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    let server: TestServer;
    const tokens: Partial<Record<Caller, string>> = {};

    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, { auth: 'required', adminToken: ADMIN });
      for (const scope of ['ingest', 'read', 'admin'] as const) {
        tokens[scope] = (
          await server.post('/api/v1/tokens', { name: `matrix-${scope}`, scopes: [scope] }, ADMIN)
        ).body.token;
      }
      const revoked = (
        await server.post('/api/v1/tokens', { name: 'matrix-revoked', scopes: ['admin'] }, ADMIN)
      ).body;
      assert.equal(
        (await server.request('DELETE', `/api/v1/tokens/${revoked.id}`, { token: ADMIN })).status,
        204,
      );
      tokens.revoked = revoked.token;
      tokens.wrong = 'fk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('every route answers each caller as its scope says', async () => {
      const all = await operations(server);
      assert.ok(all.length >= 30, `the OpenAPI document lists ${all.length} operations`);
      const rows: string[] = [];
      const mismatches: string[] = [];
      for (const operation of all) {
        const cells: string[] = [];
        for (const caller of CALLERS) {
          const status = await statusOf(server, operation, tokens[caller]);
          const want = expected(operation, caller);
          const got = status === 401 ? 'refused 401' : status === 403 ? 'refused 403' : 'allowed';
          if (got !== want)
            mismatches.push(`${operation.method} ${operation.path} as ${caller}: ${status}, want ${want}`);
          if (status >= 500) mismatches.push(`${operation.method} ${operation.path} as ${caller}: ${status}`);
          cells.push(String(status));
        }
        rows.push(
          `| ${operation.method} ${operation.path} | ${operation.scope ?? 'public'} | ${cells.join(' | ')} |`,
        );
      }
      if (backend.name === 'pglite') {
        console.log(
          `| route | scope | ${CALLERS.join(' | ')} |\n|---|---|${CALLERS.map(() => '---').join('|')}|\n${rows.join('\n')}`,
        );
      }
      assert.deepEqual(mismatches, []);
    });
  });
}

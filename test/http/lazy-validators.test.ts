/**
 * Route validators compiled on first use (src/http/lazy-validators.ts): the server starts without
 * compiling them, and a request is then checked exactly as Fastify's own compiler checks it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { lazyValidators } from '../../src/http/lazy-validators.ts';

const BODY = {
  type: 'object',
  required: ['service'],
  properties: { service: { type: 'string', minLength: 1 }, count: { type: 'integer' } },
};

async function serve(schemaController: boolean): Promise<FastifyInstance> {
  const app = Fastify({
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    ...(schemaController
      ? { schemaController: { compilersFactory: { buildValidator: lazyValidators() } } }
      : {}),
  });
  app.post('/items', { schema: { body: BODY } }, async (request) => ({ got: request.body }));
  // Not a schema Ajv accepts: compiling it throws.
  app.post('/broken', { schema: { body: { type: 'no-such-type' } } }, async () => ({ ok: true }));
  return app;
}

describe('lazy route validators', () => {
  let lazy: FastifyInstance;
  before(async () => {
    lazy = await serve(true);
    await lazy.ready();
  });
  after(() => lazy.close());

  test('the server boots without compiling: the eager compiler refuses the broken schema at start', async () => {
    const eager = await serve(false);
    await assert.rejects(
      async () => void (await eager.ready()),
      /no-such-type|schema is invalid|unknown type/i,
    );
    const broken = await lazy.inject({ method: 'POST', url: '/broken', payload: {} });
    assert.equal(broken.statusCode, 500);
  });

  test('bodies are checked as the eager compiler checks them, on the first request and later ones', async () => {
    const cases: [unknown, number, RegExp?][] = [
      [{ count: 1 }, 400, /must have required property 'service'/],
      [{ service: 'api', count: 'x' }, 400, /body\/count must be integer/],
      [{ service: '' }, 400, /body\/service must NOT have fewer than 1 characters/],
      [{ service: 'api', count: 2 }, 200],
    ];
    // Fastify's own compiler, on the same route without the broken one (which would stop its boot).
    const reference = Fastify({
      ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    });
    reference.post('/items', { schema: { body: BODY } }, async (request) => ({ got: request.body }));
    for (let round = 0; round < 2; round++) {
      for (const [payload, status, message] of cases) {
        const ours = await lazy.inject({ method: 'POST', url: '/items', payload: payload as object });
        const theirs = await reference.inject({ method: 'POST', url: '/items', payload: payload as object });
        assert.equal(ours.statusCode, status, ours.body);
        assert.deepEqual(ours.json(), theirs.json());
        if (message) assert.match(ours.json().message, message);
      }
    }
    await reference.close();
  });
});

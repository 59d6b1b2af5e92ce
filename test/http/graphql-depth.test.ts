/**
 * The data depth limit on a schema that recurses (ours does not yet): deep data refused, fragments
 * counted by what they select, introspection as deep as clients send it let through.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { depthLimit } from '../../src/http/graphql/depth-limit.ts';

const SCHEMA = buildSchema(`
  type Node { name: String, child: Node }
  type Query { root: Node }
`);

const errorsOf = (query: string) =>
  validate(SCHEMA, parse(query), [...specifiedRules, depthLimit(3)]).map((error) => error.message);

test('data nested past the limit is refused, up to it accepted', () => {
  assert.deepEqual(errorsOf('{ root { child { name } } }'), []);
  assert.deepEqual(errorsOf('query Deep { root { child { child { name } } } }'), [
    'Deep nests 4 levels deep; the limit is 3. Ask less at once.',
  ]);
});

test('fragments count their selections wherever they are spread', () => {
  const spread = `
    query Spread { root { ...Two } }
    fragment Two on Node { child { ...One } }
    fragment One on Node { child { name } }
  `;
  assert.deepEqual(errorsOf(spread), ['Spread nests 4 levels deep; the limit is 3. Ask less at once.']);
  assert.deepEqual(errorsOf('{ root { ... on Node { child { name } } } }'), []);
});

test('a fragment cycle is reported once by graphql-js, not looped on', () => {
  const cycle = 'query { root { ...A } } fragment A on Node { child { ...A } }';
  assert.deepEqual(errorsOf(cycle), ['Cannot spread fragment "A" within itself.']);
});

test('the standard introspection query passes; its cyclic abuse is still refused by graphql-js', () => {
  assert.deepEqual(errorsOf(getIntrospectionQuery()), []);
  const abuse =
    '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }';
  assert.equal(errorsOf(abuse).length, 1);
  assert.match(errorsOf(abuse)[0]!, /Maximum introspection depth exceeded/);
});

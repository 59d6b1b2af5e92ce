import assert from 'node:assert/strict';
import { test } from 'node:test';
import { walkStream } from './stream-walk.ts';

// a ← b ← c ← m (merge of c and f), a ← e ← f: a branch forked at a, merged at m.
const graph = new Map<string, string[] | null>([
  ['a', []],
  ['b', ['a']],
  ['c', ['b']],
  ['e', ['a']],
  ['f', ['e']],
  ['m', ['c', 'f']],
  ['u', null],
]);
const walked = (id: number, head: string | null) => ({ id, head_commit: head, listed: null });

test('each deployment takes what its head reaches that no earlier one took', () => {
  assert.deepEqual(walkStream([walked(1, 'b'), walked(2, 'm')], graph), [
    [1, 'b'],
    [1, 'a'],
    [2, 'm'],
    [2, 'f'],
    [2, 'e'],
    [2, 'c'],
  ]);
});

test('a later deployment of an earlier commit takes nothing; a redeployed head is held', () => {
  assert.deepEqual(walkStream([walked(1, 'm'), walked(2, 'c'), walked(3, 'm')], graph).length, 6);
  assert.deepEqual(
    walkStream([walked(1, 'm'), walked(2, 'c')], graph).filter(([id]) => id === 2),
    [],
  );
});

test('commits missing from the graph were held before the range; unknown parents stop the walk', () => {
  assert.deepEqual(walkStream([walked(1, 'x'), walked(2, 'u'), walked(3, null)], graph), [[2, 'u']]);
  const withoutA = new Map([...graph].filter(([sha]) => sha !== 'a'));
  assert.deepEqual(walkStream([walked(1, 'b')], withoutA), [[1, 'b']]);
});

test('listed commits are held from their deployment on, not before it', () => {
  const listing = { id: 2, head_commit: 'c', listed: ['c', 'b'] };
  assert.deepEqual(walkStream([listing, walked(3, 'm')], graph), [
    [3, 'm'],
    [3, 'f'],
    [3, 'e'],
    [3, 'a'],
  ]);
  assert.deepEqual(walkStream([walked(1, 'c'), listing], graph), [
    [1, 'c'],
    [1, 'b'],
    [1, 'a'],
  ]);
});

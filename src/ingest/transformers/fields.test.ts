import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { fieldPath, globMatcher, instantAt, readFirst, textAt, toSha } from './fields.ts';

test('field paths bracket keys that are not plain names', () => {
  assert.equal(
    fieldPath('data', 'pipelineRun', 'status', 'completionTime'),
    'data.pipelineRun.status.completionTime',
  );
  assert.equal(
    fieldPath('data', 'metadata', 'labels', 'tekton.dev/pipeline'),
    'data.metadata.labels["tekton.dev/pipeline"]',
  );
  assert.equal(fieldPath('data', 'status', 'conditions', 1), 'data.status.conditions[1]');
});

test('the first key spec whose value is accepted wins', () => {
  const values: Record<string, string> = { 'param:revision': 'main', 'result:commit': 'ABCDEF12' };
  const lookup = (kind: string, name: string) => values[`${kind}:${name}`];
  const specs = ['param:commit', 'param:revision', 'result:commit'];
  assert.deepEqual(readFirst(specs, lookup), { value: 'main', key: 'param:revision' });
  assert.deepEqual(
    readFirst(specs, lookup, (value) => toSha(value) !== undefined),
    {
      value: 'ABCDEF12',
      key: 'result:commit',
    },
  );
  assert.equal(readFirst([], lookup), undefined);
});

test('shas are 7 to 64 hex digits, lower-cased; anything else is no sha', () => {
  assert.equal(toSha('ABCDEF1'), 'abcdef1');
  assert.equal(toSha('abcdef'), undefined);
  assert.equal(toSha('ca82a6dff817gc66f44342007202690a93763949'), undefined);
  assert.equal(toSha(undefined), undefined);
});

test('texts are trimmed and non-blank; integers read as text', () => {
  assert.equal(textAt({ a: { b: '  x ' } }, ['a', 'b']), 'x');
  assert.equal(textAt({ a: '  ' }, ['a']), undefined);
  assert.equal(textAt({ a: 214 }, ['a']), '214');
  assert.equal(textAt({ a: 1.5 }, ['a']), undefined);
  assert.equal(textAt({ a: ['b'] }, ['a', '0']), undefined);
});

test('instants are RFC 3339 with an offset, kept as sent', () => {
  assert.equal(
    instantAt({ t: '2026-03-06T11:42:17.403196+01:00' }, ['t'], 't'),
    '2026-03-06T11:42:17.403196+01:00',
  );
  assert.equal(instantAt({}, ['t'], 't'), undefined);
  for (const bad of ['2026-03-06 11:42:17', '2026-03-06T11:42:17', 1741261337, '2026-13-40T99:00:00Z']) {
    assert.throws(
      () => instantAt({ t: bad }, ['t'], 'data.t'),
      (error: unknown) => error instanceof AppError && error.field === 'data.t',
    );
  }
});

test('globs ignore case; `*` stops at a slash', () => {
  const deploys = globMatcher(['*deploy*', '*release*']);
  assert.equal(deploys('Deploy-Checkout'), true);
  assert.equal(deploys('platform » inventory-release'), true);
  assert.equal(deploys('build-checkout'), false);
  assert.equal(deploys('team/deploy'), false);
  assert.equal(globMatcher([])('deploy'), false);
});

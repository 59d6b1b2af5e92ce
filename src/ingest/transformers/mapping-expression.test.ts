import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { compileExpression, exclusive } from './mapping-expression.ts';

const compile = (source: string) =>
  compileExpression(source, 'acme', 'cloudevents.mappings[0].deployment.version');

async function failsWith(source: string, input: unknown, message: RegExp) {
  await assert.rejects(compile(source).evaluate(input, 'deployment.version'), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'invalid_payload');
    assert.equal(error.field, 'deployment.version');
    assert.match(error.message, message);
    return true;
  });
}

test('results are plain JSON: sequences become arrays, constructed objects plain objects', async () => {
  const input = { data: { commits: [{ id: 'a' }, { id: 'b' }] } };
  assert.deepStrictEqual(await compile('data.commits.id').evaluate(input, 'f'), ['a', 'b']);
  assert.deepStrictEqual(await compile("{ 'sha': data.commits[0].id, 'x': nothing }").evaluate(input, 'f'), {
    sha: 'a',
  });
  assert.equal(await compile('data.nothing').evaluate(input, 'f'), undefined);
});

test('an endless loop is stopped by the time limit', async () => {
  // A tail call: JSONata does not grow its stack, so only the clock stops it.
  await failsWith(
    '($f := function($n) { $f($n + 1) }; $f(0))',
    {},
    /^rule "acme": deployment\.version: Evaluation timeout after 1000 milliseconds/,
  );
});

test('deep recursion is stopped by the depth limit before the JavaScript stack overflows', async () => {
  await failsWith('($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))', {}, /Stack overflow/);
});

test('a huge sequence is stopped by the sequence limit', async () => {
  await failsWith('[1..200000].($ * 2)', {}, /maximum sequence length/);
});

test('evaluations run one at a time, so none is charged for the time of another', async () => {
  const trace: string[] = [];
  const task = (name: string) => async () => {
    trace.push(`${name} starts`);
    for (let step = 0; step < 3; step++) await Promise.resolve();
    trace.push(`${name} ends`);
  };
  await Promise.all([exclusive(task('a')), exclusive(task('b'))]);
  assert.deepEqual(trace, ['a starts', 'a ends', 'b starts', 'b ends']);
});

test('many evaluations started together all finish', async () => {
  const expression = compile('$substring($join(data.commits.$uppercase($)), 0, 8)');
  const input = {
    data: { commits: Array.from({ length: 100 }, (_, index) => (0xa000 + index).toString(16)) },
  };
  const results = await Promise.all(
    Array.from({ length: 200 }, () => exclusive(() => expression.evaluate(input, 'f'))),
  );
  assert.ok(results.every((sha) => sha === 'A000A001'));
});

test('a failed evaluation does not block the ones queued after it', async () => {
  const failing = exclusive(() => compile('$error("boom")').evaluate({}, 'f'));
  const next = exclusive(() => compile('1 + 1').evaluate({}, 'f'));
  await assert.rejects(failing, /boom/);
  assert.equal(await next, 2);
});

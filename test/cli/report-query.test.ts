/**
 * The window flags of `fivekeys report` and `export` held to the server's limits before anything is
 * asked: an `invalid_config` error naming the flag, which the CLI turns into exit code 2 (report.test.ts
 * checks that mapping on the real command).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseInstant, toMetricQuery, type ReportFlags } from '../../src/cli/report-query.ts';
import { AppError } from '../../src/errors.ts';

const now = Date.parse('2026-03-01T00:00:00Z');

function refusal(flags: ReportFlags): AppError {
  try {
    toMetricQuery(flags, now);
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error;
  }
  assert.fail(`expected ${JSON.stringify(flags)} to be refused`);
}

test('--last and --from..--to of 3660 days pass; 3661 days is a usage error naming the flag', () => {
  assert.equal(toMetricQuery({ last: '3660d' }, now).from?.getTime(), now - 3660 * 86_400_000);
  assert.ok(toMetricQuery({ from: '2016-02-22', to: '2026-03-01' }, now).from);
  for (const [flags, flag] of [
    [{ last: '3661d' }, '--last'],
    [{ last: '523w' }, '--last'],
    [{ from: '2016-02-21', to: '2026-03-01' }, '--from'],
    [{ from: '2000-01-01' }, '--from'],
  ] as const) {
    const error = refusal(flags);
    assert.equal(error.code, 'invalid_config');
    assert.ok(error.message.startsWith(`${flag}: `), error.message);
    assert.match(error.message, /at most 3660/);
  }
});

test('times before 1970 or after 9999 are a usage error naming the flag, for report and export alike', () => {
  for (const [flags, flag] of [
    [{ from: '1969-12-31', to: '1970-01-02' }, '--from'],
    [{ from: '9999-12-01', to: '9999-12-31T23:59:59-05:00' }, '--to'],
  ] as const) {
    const error = refusal(flags);
    assert.equal(error.code, 'invalid_config');
    assert.ok(error.message.startsWith(`${flag}: `), error.message);
    assert.match(error.message, /1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z/);
  }
  assert.throws(() => parseInstant('--to', '0000-06-01'), { code: 'invalid_config' });
  assert.equal(parseInstant('--from', '1970-01-01').getTime(), 0);
});

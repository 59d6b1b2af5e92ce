import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../errors.ts';
import { rateLimitDelay, withBackoff, type FailedResponse } from './github-import-backoff.ts';

const NOW = Date.parse('2026-03-04T10:00:00Z');
const failure = (status: number, headers: FailedResponse['headers'] = {}, message = ''): FailedResponse => ({
  status,
  headers,
  message,
  responded: true,
});
/** What Octokit throws: a RequestError carries the status and the response headers. */
const requestError = (status: number, headers: Record<string, string>, message = 'limited') =>
  Object.assign(new Error(message), { status, response: { headers } });

test('a primary rate limit waits until its reset second, plus one', () => {
  const reset = String(NOW / 1000 + 90);
  const limited = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset };
  assert.equal(rateLimitDelay(failure(403, limited), NOW, 0), 91_000);
  assert.equal(rateLimitDelay(failure(429, limited), NOW, 0), 91_000);
  // A reset already past: retry after the margin only.
  const past = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 - 5) };
  assert.equal(rateLimitDelay(failure(403, past), NOW, 2), 1_000);
});

test('retry-after wins over the reset time', () => {
  const headers = {
    'retry-after': '30',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(NOW / 1000 + 900),
  };
  assert.equal(rateLimitDelay(failure(403, headers), NOW, 0), 30_000);
});

test('a secondary limit without headers waits a minute, doubling on each attempt', () => {
  const secondary = failure(403, {}, 'You have exceeded a secondary rate limit. Please wait a few minutes');
  assert.equal(rateLimitDelay(secondary, NOW, 0), 60_000);
  assert.equal(rateLimitDelay(secondary, NOW, 2), 240_000);
  assert.equal(rateLimitDelay(failure(429), NOW, 1), 120_000);
});

test('other failures are not rate limits', () => {
  assert.equal(
    rateLimitDelay(failure(403, { 'x-ratelimit-remaining': '4999' }, 'Resource not accessible'), NOW, 0),
    undefined,
  );
  assert.equal(rateLimitDelay(failure(401), NOW, 0), undefined);
  assert.equal(rateLimitDelay(failure(500, { 'retry-after': '1' }), NOW, 0), undefined);
});

test('withBackoff sleeps the computed time and retries until the request succeeds', async () => {
  const slept: number[] = [];
  let clock = NOW;
  let calls = 0;
  const reset = String(NOW / 1000 + 10);
  const result = await withBackoff(
    async () => {
      calls += 1;
      if (calls < 3) throw requestError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
      return 'page';
    },
    {
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
    },
  );
  assert.equal(result, 'page');
  assert.equal(calls, 3);
  // The second wait starts after the first: the reset is then already past.
  assert.deepEqual(slept, [11_000, 1_000]);
});

test('withBackoff passes other errors through at once', async () => {
  const slept: number[] = [];
  const error = requestError(401, {}, 'Bad credentials');
  await assert.rejects(
    withBackoff(() => Promise.reject(error), { sleep: async (ms) => void slept.push(ms) }),
    (thrown) => thrown === error,
  );
  assert.deepEqual(slept, []);
});

test('withBackoff gives up after its retries, or when the reset is too far, with rate_limited', async () => {
  const slept: number[] = [];
  const limited = requestError(429, { 'retry-after': '1' });
  await assert.rejects(
    withBackoff(() => Promise.reject(limited), { maxRetries: 2, sleep: async (ms) => void slept.push(ms) }),
    (error) => error instanceof AppError && error.code === 'rate_limited' && /3 attempts/.test(error.message),
  );
  assert.deepEqual(slept, [1_000, 1_000]);
  const far = requestError(403, {
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(NOW / 1000 + 7200),
  });
  await assert.rejects(
    withBackoff(() => Promise.reject(far), {
      now: () => NOW,
      sleep: async () => assert.fail('must not wait'),
    }),
    (error) => error instanceof AppError && error.code === 'rate_limited',
  );
});

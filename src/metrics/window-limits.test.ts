import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketStarts, resolveWindow } from './window.ts';
import { MAX_BUCKETS, MAX_WINDOW_DAYS, WindowError } from './window-limits.ts';
import { t } from '../../test/helpers/metric-fixtures.ts';

const DAY = 86_400_000;
const now = t('2026-03-10T12:00:00Z');

/** The WindowError a call throws, for its field and message. */
function refusal(call: () => unknown): WindowError {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof WindowError, String(error));
    return error;
  }
  assert.fail('expected a WindowError');
}

describe('window limits', () => {
  test('a window of exactly the limit passes; one more day or one more millisecond is refused', () => {
    assert.equal(MAX_WINDOW_DAYS, 3660);
    const longest = resolveWindow(now - MAX_WINDOW_DAYS * DAY, now, 30, now);
    assert.equal(longest.to - longest.from, MAX_WINDOW_DAYS * DAY);
    const dayMore = refusal(() => resolveWindow(now - (MAX_WINDOW_DAYS + 1) * DAY, now, 30, now));
    assert.equal(dayMore.field, 'from');
    assert.match(dayMore.message, /spans 3661 days; at most 3660/);
    const msMore = refusal(() => resolveWindow(now - MAX_WINDOW_DAYS * DAY - 1, now, 30, now));
    assert.equal(msMore.field, 'from');
  });

  test('only from given: the window to now is held to the limit too', () => {
    assert.doesNotThrow(() => resolveWindow(now - MAX_WINDOW_DAYS * DAY, undefined, 30, now));
    const refused = refusal(() => resolveWindow(t('0001-01-01T00:00:00Z'), undefined, 30, now));
    assert.equal(refused.field, 'from');
  });

  test('an empty or inverted window names from', () => {
    assert.equal(refusal(() => resolveWindow(now, now, 7, now)).field, 'from');
    assert.equal(refusal(() => resolveWindow(now + 1, now, 7, now)).field, 'from');
  });

  test('times from 1970 to the end of 9999 pass; a millisecond outside names its parameter', () => {
    const epoch = t('1970-01-01T00:00:00Z');
    const last = t('9999-12-31T23:59:59.999Z');
    assert.doesNotThrow(() => resolveWindow(epoch, epoch + DAY, 30, now));
    assert.doesNotThrow(() => resolveWindow(last - DAY, last, 30, now));
    const before = refusal(() => resolveWindow(epoch - 1, epoch + DAY, 30, now));
    assert.deepEqual(
      [before.field, before.message.startsWith('from: 1969-12-31T23:59:59.999Z')],
      ['from', true],
    );
    const after = refusal(() => resolveWindow(last - DAY, last + 1, 30, now));
    assert.equal(after.field, 'to');
    // A default window that would start before 1970 is refused, not sent to the database.
    assert.equal(refusal(() => resolveWindow(undefined, epoch + DAY, 30, now)).field, 'from');
  });

  test('a series of exactly the bucket limit passes; one more bucket is refused by name', () => {
    const from = t('2000-01-01T00:00:00Z');
    const exact = bucketStarts({ from, to: from + MAX_BUCKETS * DAY }, 'day', 'UTC');
    assert.equal(exact.length, MAX_BUCKETS);
    const refused = refusal(() => bucketStarts({ from, to: from + MAX_BUCKETS * DAY + 1 }, 'day', 'UTC'));
    assert.equal(refused.field, 'bucket');
    assert.match(refused.message, /more than 5000 day buckets/);
  });

  test('the longest window as a daily series stays under the bucket limit in any zone', () => {
    const from = t('2016-03-27T00:30:00Z');
    for (const zone of ['UTC', 'Europe/Berlin', 'Pacific/Kiritimati', 'America/St_Johns']) {
      const starts = bucketStarts({ from, to: from + MAX_WINDOW_DAYS * DAY }, 'day', zone);
      assert.ok(
        starts.length <= MAX_WINDOW_DAYS + 1 && starts.length < MAX_BUCKETS,
        `${zone}: ${starts.length}`,
      );
    }
  });
});

test('UTC buckets by arithmetic are the buckets luxon computes for the same zone', () => {
  const window = { from: t('2016-02-29T13:00:00Z'), to: t('2026-02-27T07:00:00Z') };
  for (const bucket of ['day', 'week', 'month', 'year'] as const) {
    // Etc/Universal is UTC by another name: it takes the IANA path through luxon.
    assert.deepEqual(
      bucketStarts(window, bucket, 'UTC'),
      bucketStarts(window, bucket, 'Etc/Universal'),
      bucket,
    );
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { gitlabTimeAt, requiredGitlabTime, toIsoTime } from './gitlab-time.ts';

test('ISO 8601 times are kept, with their offset and fractions', () => {
  assert.equal(toIsoTime('2013-12-03T17:23:34Z'), '2013-12-03T17:23:34Z');
  assert.equal(toIsoTime('2012-01-03T23:36:29+02:00'), '2012-01-03T23:36:29+02:00');
  assert.equal(toIsoTime('2020-10-31T14:58:32+11:00'), '2020-10-31T14:58:32+11:00');
  assert.equal(toIsoTime('2024-06-30T08:00:00.125-03:30'), '2024-06-30T08:00:00.125-03:30');
  assert.equal(toIsoTime('2013-12-03t17:23:34z'), '2013-12-03T17:23:34Z');
});

test('Ruby UTC times become ISO 8601 in Z', () => {
  assert.equal(toIsoTime('2016-08-12 15:23:28 UTC'), '2016-08-12T15:23:28Z');
  assert.equal(toIsoTime('2024-02-29 00:00:00 UTC'), '2024-02-29T00:00:00Z');
  assert.equal(toIsoTime('2000-12-31 23:59:59 UTC'), '2000-12-31T23:59:59Z');
});

test('Ruby times with a numeric offset keep that offset', () => {
  assert.equal(toIsoTime('2021-04-28 21:50:00 +0200'), '2021-04-28T21:50:00+02:00');
  assert.equal(toIsoTime('2021-04-28 21:50:00 -0530'), '2021-04-28T21:50:00-05:30');
  assert.equal(toIsoTime('2021-01-15 09:00:00 +0000'), '2021-01-15T09:00:00+00:00');
  assert.equal(toIsoTime('2021-01-15 09:00:00 +1345'), '2021-01-15T09:00:00+13:45');
  // The same instant however it is written: 19:50 UTC.
  const instants = ['2021-04-28 21:50:00 +0200', '2021-04-28 19:50:00 UTC', '2021-04-28T14:20:00-05:30'];
  const epochs = instants.map((value) => Date.parse(toIsoTime(value) ?? ''));
  assert.deepEqual(epochs, [
    Date.UTC(2021, 3, 28, 19, 50),
    Date.UTC(2021, 3, 28, 19, 50),
    Date.UTC(2021, 3, 28, 19, 50),
  ]);
});

test('other forms and impossible dates are refused', () => {
  const refused = [
    '2021-04-28 21:50:00', // no zone: the reader's zone would be guessed
    '2021-04-28T21:50:00',
    '2021-04-28 21:50:00 CEST',
    '2021-04-28 21:50:00 +02:00',
    '2021-04-28 21:50 UTC',
    '1619639400',
    'yesterday',
    '',
    '2021-02-29 00:00:00 UTC', // not a leap year
    '1900-02-29T00:00:00Z', // not a leap year either
    '2021-13-01T00:00:00Z',
    '2021-04-31 10:00:00 UTC',
    '2021-04-00 10:00:00 UTC',
    '2021-04-28 24:00:00 UTC',
    '2021-04-28 23:60:00 +0000',
    '2021-04-28 23:00:60 UTC',
    '2021-04-28 21:50:00 +2400',
    '2021-04-28T21:50:00+02:60',
  ];
  for (const value of refused) assert.equal(toIsoTime(value), undefined, value);
});

test('a time in a payload: absent is undefined, malformed names the field', () => {
  const body = { status_changed_at: '2021-04-28 21:50:00 +0200', empty: '', none: null, number: 1619639400 };
  assert.equal(gitlabTimeAt(body, ['status_changed_at'], 'status_changed_at'), '2021-04-28T21:50:00+02:00');
  assert.equal(gitlabTimeAt(body, ['missing'], 'missing'), undefined);
  assert.equal(gitlabTimeAt(body, ['empty'], 'empty'), undefined);
  assert.equal(gitlabTimeAt(body, ['none'], 'none'), undefined);
  assert.equal(gitlabTimeAt(' 2016-08-12 15:23:28 UTC ', [], 'x'), '2016-08-12T15:23:28Z');
  assert.equal(gitlabTimeAt(body, ['status_changed_at', 'nested'], 'x'), undefined);
  assert.throws(
    () => gitlabTimeAt(body, ['number'], 'object_attributes.number'),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === 'invalid_payload' &&
      error.field === 'object_attributes.number',
  );
  assert.throws(
    () => requiredGitlabTime(body, ['missing'], 'object_attributes.finished_at', 'when it finished'),
    (error: unknown) =>
      error instanceof AppError &&
      error.field === 'object_attributes.finished_at' &&
      error.message === 'object_attributes.finished_at: missing: when it finished',
  );
});

/**
 * The group-commit queue is bounded: a request beyond the limits is refused at once, a request
 * waiting too long is dropped, a stuck batch makes new requests fail fast, and requests already
 * in a batch get the batch's real answer. The batch function stands for the database: a gate
 * the test opens plays a transaction blocked on a lock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupCommitter, QueueRejection } from '../../src/service/ingest/group-commit.ts';

/** A batch runner that blocks until `open()` and records every batch it was given. */
function gatedRunner() {
  let release: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (release = resolve));
  const batches: string[][] = [];
  return {
    batches,
    run: async (items: string[]) => {
      batches.push(items);
      await gate;
      return items.map((item) => `stored ${item}`);
    },
    open: () => release(),
    close: () => (gate = new Promise<void>((resolve) => (release = resolve))),
  };
}

const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof QueueRejection ? error.reason : `other: ${String(error)}`),
  );

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('refuses requests beyond maxPending at once and takes them again once the batch commits', async () => {
  const runner = gatedRunner();
  const committer = new GroupCommitter(runner.run, { maxPending: 3, maxWaitMs: 60_000 });
  const first = committer.submit('a');
  await until(() => committer.state().inBatch === 1);
  const queued = [committer.submit('b'), committer.submit('c')];
  const refused = [committer.submit('d'), committer.submit('e')];
  assert.deepEqual(await Promise.all(refused.map(reasonOf)), ['full', 'full']);
  assert.deepEqual(
    { ...committer.state(), batchMs: 0 },
    {
      waiting: 2,
      inBatch: 1,
      bytes: 0,
      maxPending: 3,
      maxPendingBytes: 64 << 20,
      batchMs: 0,
      saturated: true,
    },
  );

  runner.open();
  assert.deepEqual(await Promise.all([first, ...queued]), ['stored a', 'stored b', 'stored c']);
  assert.deepEqual(runner.batches, [['a'], ['b', 'c']]);
  assert.equal(await committer.submit('f'), 'stored f');
  assert.equal(committer.state().saturated, false);
  await committer.flush();
  assert.equal(committer.state().waiting, 0);
});

test('counts bytes: refuses what would pass maxPendingBytes, but takes one large request alone', async () => {
  const runner = gatedRunner();
  const committer = new GroupCommitter(runner.run, {
    maxPendingBytes: 10,
    maxWaitMs: 60_000,
    weigh: (item: string) => item.length,
  });
  const large = committer.submit('x'.repeat(25));
  await until(() => committer.state().inBatch === 1);
  assert.equal(committer.state().bytes, 25);
  assert.equal(await reasonOf(committer.submit('yy')), 'full');
  runner.open();
  await large;
  assert.equal(committer.state().bytes, 0);

  runner.close();
  const small = [committer.submit('1234'), committer.submit('5678')];
  await until(() => committer.state().inBatch === 2);
  assert.equal(await reasonOf(committer.submit('abc')), 'full');
  assert.equal(committer.state().bytes, 8);
  runner.open();
  assert.deepEqual(await Promise.all(small), ['stored 1234', 'stored 5678']);
  assert.equal(committer.state().bytes, 0);
});

test('drops a request that waited maxWaitMs for its batch; the request in the stuck batch still gets its answer', async () => {
  const runner = gatedRunner();
  const committer = new GroupCommitter(runner.run, { maxWaitMs: 1000 });
  const inBatch = committer.submit('a');
  await until(() => committer.state().inBatch === 1);
  const waiting = committer.submit('b');
  const started = Date.now();
  assert.equal(await reasonOf(waiting), 'expired');
  assert.ok(Date.now() - started >= 900, 'dropped only after about maxWaitMs');
  assert.equal(committer.state().waiting, 0);

  runner.open();
  assert.equal(await inBatch, 'stored a');
  assert.deepEqual(runner.batches, [['a']], 'the dropped request never reached the database');
});

test('while a batch runs longer than maxWaitMs, new requests fail fast and the state says saturated', async () => {
  const runner = gatedRunner();
  const committer = new GroupCommitter(runner.run, { maxWaitMs: 50 });
  const inBatch = committer.submit('a');
  await until(() => committer.state().inBatch === 1);
  await new Promise((resolve) => setTimeout(resolve, 120));
  const state = committer.state();
  assert.equal(state.saturated, true);
  assert.ok(state.batchMs >= 100, `batchMs ${state.batchMs}`);
  const refusal = await committer.submit('b').catch((error: unknown) => error);
  assert.ok(refusal instanceof QueueRejection);
  assert.equal(refusal.reason, 'stalled');
  assert.match(refusal.message, /retry later/);

  runner.open();
  assert.equal(await inBatch, 'stored a');
  await committer.flush();
  assert.equal(committer.state().saturated, false);
  assert.equal(await committer.submit('c'), 'stored c');
});

test('a failing batch rejects its requests with the failure and frees their places', async () => {
  const failure = new Error('connection refused');
  const committer = new GroupCommitter<string, string>(
    async () => {
      throw failure;
    },
    { maxPending: 2, weigh: (item: string) => item.length },
  );
  const results = await Promise.allSettled([committer.submit('a'), committer.submit('b')]);
  assert.deepEqual(
    results.map((result) => (result.status === 'rejected' ? result.reason : result.value)),
    [failure, failure],
  );
  assert.deepEqual(
    [committer.state().waiting, committer.state().inBatch, committer.state().bytes],
    [0, 0, 0],
  );
});

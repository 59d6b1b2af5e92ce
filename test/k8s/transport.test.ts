/**
 * Both transports against a watch that never starts or goes quiet, and one the server ends: the
 * watcher must always be able to stop, and must not wait forever on a dead connection. (With
 * @kubernetes/client-node 1.x a watch only hands back its abort once the headers have arrived.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeTransport, WatchEvent } from '../../src/k8s/transport.ts';
import { startFakeApiServer } from '../helpers/fake-apiserver.ts';
import { clients, eventually, watcherOn } from './harness.ts';

const { clients: available, missing } = await clients();
if (missing) test.skip(`@kubernetes/client-node does not load here: ${missing}`, () => {});

const PATH = '/apis/apps/v1/deployments';

/** A watch whose end is awaited: `ended` settles with what `done` got. */
async function openWatch(transport: KubeTransport, resourceVersion = '') {
  const events: WatchEvent[] = [];
  let ended!: (error: Error | undefined) => void;
  const end = new Promise<Error | undefined>((resolve) => (ended = resolve));
  const handle = await transport.watch(
    PATH,
    { resourceVersion, allowWatchBookmarks: 'true' },
    (event) => events.push(event),
    (error) => ended(error),
  );
  return { handle, events, end };
}

/** Fails instead of hanging: `promise` within `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

for (const client of available) {
  test(
    `${client.name}: a watch the server never answers is aborted at once`,
    { timeout: 10_000 },
    async () => {
      const fake = await startFakeApiServer();
      try {
        fake.stallWatches(true);
        const watch = await within(2000, 'the watch handle', openWatch(client.connect(fake)));
        await eventually('the watch request', async () => fake.requests.filter((r) => r.watch).length === 1);
        const started = Date.now();
        watch.handle.abort();
        assert.equal(await within(1000, 'done after abort', watch.end), undefined);
        assert.ok(Date.now() - started < 1000);
        assert.deepEqual(watch.events, []);
      } finally {
        await fake.close();
      }
    },
  );

  test(`${client.name}: a watch silent past the idle timeout is given up`, { timeout: 10_000 }, async () => {
    const fake = await startFakeApiServer();
    try {
      fake.stallWatches(true);
      const started = Date.now();
      const watch = await openWatch(client.connect(fake, { idleTimeoutMs: 300 }));
      const error = await within(3000, 'the idle timeout', watch.end);
      assert.match(String(error?.message), /WATCH \/apis\/apps\/v1\/deployments: idle/);
      assert.ok(Date.now() - started >= 300);
    } finally {
      await fake.close();
    }
  });

  test(
    `${client.name}: each watch asks the server to end it, and that end is clean`,
    { timeout: 10_000 },
    async () => {
      const fake = await startFakeApiServer();
      try {
        const object = fake.apply('deployments', { metadata: { name: 'a', namespace: 'shop', uid: 'u-a' } });
        const watch = await openWatch(client.connect(fake, { watchSeconds: 1 }), '100');
        assert.equal(await within(3000, 'the server-side end', watch.end), undefined);
        assert.equal(fake.requests.at(-1)?.timeoutSeconds, '1');
        assert.deepEqual(
          watch.events.map((event) => [event.type, event.object.metadata]),
          [['ADDED', object.metadata]],
        );
        // The defaults: five minutes per watch.
        const defaults = await openWatch(client.connect(fake), '101');
        await eventually('the second watch', async () => fake.requests.length === 2);
        defaults.handle.abort();
        await within(1000, 'done after abort', defaults.end);
        assert.equal(fake.requests.at(-1)?.timeoutSeconds, '300');
      } finally {
        await fake.close();
      }
    },
  );

  test(`${client.name}: a watcher whose watches stall still stops at once`, { timeout: 10_000 }, async () => {
    const fake = await startFakeApiServer();
    try {
      fake.stallWatches(true);
      const watcher = watcherOn(client.connect(fake), async () => {});
      await within(2000, 'the first lists', watcher.start());
      await eventually(
        'the three watch requests',
        async () => fake.requests.filter((r) => r.watch).length === 3,
      );
      await within(1000, 'stop', watcher.stop());
    } finally {
      await fake.close();
    }
  });
}

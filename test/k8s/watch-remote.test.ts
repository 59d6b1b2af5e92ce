/**
 * `fivekeys watch --url`: the watcher posting to a real listening fivekeys. A restarted watcher
 * posts the finished rollout again; the server stores it once (the id and Idempotency-Key).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHttpTransport } from '../../src/k8s/http-transport.ts';
import { createRemoteSink } from '../../src/k8s/sinks.ts';
import { backends } from '../helpers/backends.ts';
import { startFakeApiServer } from '../helpers/fake-apiserver.ts';
import { startServer } from '../helpers/server.ts';
import { deploymentsOf, eventually, settle, watcherOn } from './harness.ts';
import { DeploymentSim } from './workloads.ts';

for (const backend of backends()) {
  test(`${backend.name}: watch --url posts each rollout once to a remote fivekeys`, async () => {
    const testDb = await backend.create();
    const server = await startServer(testDb.db, { auth: 'required', adminToken: 'admin-secret' });
    const fake = await startFakeApiServer();
    const sink = createRemoteSink(server.url, 'admin-secret', { backoffMs: 10 });
    const connect = () => createHttpTransport({ server: fake.url });
    const watchers = [watcherOn(connect(), sink)];
    try {
      const sim = new DeploymentSim(
        { name: 'api', namespace: 'prod', uid: 'remote-1', labels: { 'keptn.sh/app': 'storefront' } },
        'api:3.1.0',
        '2026-03-02T09:00:00Z',
      );
      fake.apply('deployments', sim.object());
      await watchers[0]!.start();
      fake.apply('deployments', sim.setImage('api:3.2.0'));
      fake.apply('deployments', sim.progress(3, 3, 3, '2026-03-02T10:00:00Z'));
      fake.apply('deployments', sim.complete('2026-03-02T10:01:00Z'));
      await eventually(
        'two deployments',
        async () => (await deploymentsOf(testDb.db, 'remote-1')).length === 2,
      );
      await watchers[0]!.stop();
      watchers.push(watcherOn(connect(), sink));
      await watchers[1]!.start();
      await settle();
      assert.deepEqual(
        (await deploymentsOf(testDb.db, 'remote-1')).map((row) => [
          row.external_id,
          row.version,
          row.environment,
          row.application,
        ]),
        [
          ['k8s:remote-1:1', '3.1.0', 'eu-1/prod', 'storefront'],
          ['k8s:remote-1:2', '3.2.0', 'eu-1/prod', 'storefront'],
        ],
      );
      const raw = await server.get('/api/v1/events/raw?source=api/deployments', 'admin-secret');
      assert.equal(raw.status, 200);
      assert.ok(JSON.stringify(raw.body).includes('fivekeys-kubernetes-watcher'));
    } finally {
      await Promise.all(watchers.map((watcher) => watcher.stop()));
      await fake.close();
      await server.close();
      await testDb.drop();
    }
  });
}

/**
 * The watcher driven through a fake API server into a real database: each rollout scenario gives
 * exactly the deployments it should, across disconnects, 410 Gone and restarts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createIngestService, type IngestService } from '../../src/service/ingest/ingest.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startFakeApiServer } from '../helpers/fake-apiserver.ts';
import { clients, deploymentsOf, eventually, ingestSink, settle, watcherOn, type Client } from './harness.ts';
import { daemonSet, DeploymentSim, statefulSet } from './workloads.ts';

const { clients: available, missing } = await clients();
if (missing) test.skip(`@kubernetes/client-node does not load here: ${missing}`, () => {});

const T0 = '2026-03-02T09:00:00Z';
const T1 = '2026-03-02T10:00:00Z';
const T2 = '2026-03-02T10:05:00Z';

for (const backend of backends()) {
  for (const client of available) {
    describe(`${backend.name}, ${client.name}`, () => {
      let testDb: TestDb;
      let ingest: IngestService;
      before(async () => {
        testDb = await backend.create();
        ingest = createIngestService(testDb.db);
      });
      after(() => testDb.drop());
      scenarios(
        client,
        () => testDb,
        () => ingest,
      );
    });
  }
}

function scenarios(client: Client, db: () => TestDb, ingest: () => IngestService) {
  let counter = 0;
  /** A fake with the namespace, a watcher on it, and a Deployment already rolled out before it started. */
  const setup = async (name: string, section: Record<string, unknown> = {}) => {
    counter += 1;
    const uid = `${client.name.length}-${name}-${counter}-${Date.now()}`;
    const fake = await startFakeApiServer();
    fake.apply('namespaces', {
      metadata: { name: 'shop', annotations: { 'keptn.sh/lifecycle-toolkit': 'enabled' } },
    });
    const sim = new DeploymentSim(
      {
        name,
        namespace: 'shop',
        uid,
        labels: { 'app.kubernetes.io/name': 'ignored-object-label', 'app.kubernetes.io/part-of': 'webshop' },
        templateLabels: { 'app.kubernetes.io/name': `${name}-svc` },
        templateAnnotations: { 'example.com/git-sha': 'ABCDEF1234567' },
      },
      'registry.example.com/shop/cart:1.0.0',
      T0,
    );
    fake.apply('deployments', sim.object());
    const watchers = [watcherOn(client.connect(fake), ingestSink(ingest()), section)];
    await watchers[0]!.start();
    return {
      uid,
      fake,
      sim,
      rows: () => deploymentsOf(db().db, uid),
      async restart() {
        await watchers.at(-1)!.stop();
        const next = watcherOn(client.connect(fake), ingestSink(ingest()), section);
        watchers.push(next);
        await next.start();
      },
      async close() {
        await Promise.all(watchers.map((watcher) => watcher.stop()));
        await fake.close();
      },
    };
  };

  test('a rolling update that completes is one successful deployment with its identity', async () => {
    const s = await setup('cart');
    try {
      // Already rolled out when first seen: dated by its Progressing condition, reported once.
      await eventually('the existing rollout', async () => (await s.rows()).length === 1);
      s.fake.apply('deployments', s.sim.setImage('registry.example.com/shop/cart:1.1.0'));
      s.fake.apply('deployments', s.sim.progress(1, 4, 3, T1));
      s.fake.apply('deployments', s.sim.progress(3, 3, 2, T1, 2));
      s.fake.apply('deployments', s.sim.complete(T2));
      await eventually('the new rollout', async () => (await s.rows()).length === 2);
      await settle();
      const rows = await s.rows();
      assert.deepEqual(rows[1], {
        external_id: `k8s:${s.uid}:2`,
        service: 'cart-svc',
        environment: 'eu-1/shop',
        status: 'success',
        version: '1.1.0',
        head_commit: 'abcdef1234567',
        kind: null,
        application: 'webshop',
        finished_at: T2,
      });
      assert.equal(rows[0]!.external_id, `k8s:${s.uid}:1`);
      assert.equal(rows[0]!.finished_at, T0);
    } finally {
      await s.close();
    }
  });

  test('a rollout past its progress deadline is one failed deployment', async () => {
    const s = await setup('pay');
    try {
      s.fake.apply('deployments', s.sim.setImage('pay:2.0.0'));
      s.fake.apply('deployments', s.sim.progress(1, 4, 3, T1));
      s.fake.apply('deployments', s.sim.exceedDeadline(T2));
      // The pods come up later: the rollout stays one failure.
      s.fake.apply('deployments', s.sim.complete('2026-03-02T11:00:00Z'));
      await eventually('the failure', async () => (await s.rows()).length === 2);
      await settle();
      const rows = await s.rows();
      assert.deepEqual(
        rows.map((row) => [row.external_id, row.status, row.version, row.finished_at]),
        [
          [`k8s:${s.uid}:1`, 'success', '1.0.0', T0],
          [`k8s:${s.uid}:2`, 'failure', '2.0.0', T2],
        ],
      );
    } finally {
      await s.close();
    }
  });

  test('going back to an older template is a rollback', async () => {
    const s = await setup('search');
    try {
      s.fake.apply('deployments', s.sim.setImage('search:2.0.0'));
      s.fake.apply('deployments', s.sim.progress(3, 3, 3, T1));
      s.fake.apply('deployments', s.sim.complete(T1));
      // kubectl rollout undo: the template of revision 1 again, now revision 3.
      s.fake.apply('deployments', s.sim.setImage('registry.example.com/shop/cart:1.0.0'));
      s.fake.apply('deployments', s.sim.progress(3, 3, 3, T2, 3));
      s.fake.apply('deployments', s.sim.complete(T2));
      await eventually('three deployments', async () => (await s.rows()).length === 3);
      await settle();
      assert.deepEqual(
        (await s.rows()).map((row) => [row.external_id, row.kind, row.version]),
        [
          [`k8s:${s.uid}:1`, null, '1.0.0'],
          [`k8s:${s.uid}:2`, null, '2.0.0'],
          [`k8s:${s.uid}:3`, 'rollback', '1.0.0'],
        ],
      );
    } finally {
      await s.close();
    }
  });

  test('a scale-only change is no deployment', async () => {
    const s = await setup('scale');
    try {
      await eventually('the existing rollout', async () => (await s.rows()).length === 1);
      s.fake.apply('deployments', s.sim.scale(5, T1));
      s.fake.apply('deployments', s.sim.scale(2, T2));
      await settle();
      assert.equal((await s.rows()).length, 1);
    } finally {
      await s.close();
    }
  });

  test('a watch cut mid-rollout resumes from its resourceVersion: one deployment', async () => {
    const s = await setup('cut');
    try {
      s.fake.apply('deployments', s.sim.setImage('cut:2.0.0'));
      const midway = s.fake.apply('deployments', s.sim.progress(1, 4, 3, T1));
      await eventually('the watch to see the rollout start', async () =>
        s.fake.requests.some((r) => r.watch && r.resource === 'deployments'),
      );
      await settle();
      const lists = s.fake.requests.filter((r) => !r.watch && r.resource === 'deployments').length;
      s.fake.dropWatches();
      s.fake.apply('deployments', s.sim.complete(T2));
      await eventually('the rollout', async () => (await s.rows()).length === 2);
      await settle();
      const resumed = s.fake.requests.filter((r) => r.watch && r.resource === 'deployments').at(-1)!;
      assert.equal(resumed.resourceVersion, midway.metadata.resourceVersion);
      assert.equal(resumed.bookmarks, true);
      assert.equal(s.fake.requests.filter((r) => !r.watch && r.resource === 'deployments').length, lists);
      assert.deepEqual(
        (await s.rows()).map((row) => row.external_id),
        [`k8s:${s.uid}:1`, `k8s:${s.uid}:2`],
      );
    } finally {
      await s.close();
    }
  });

  test('410 Gone lists again without counting anything twice', async () => {
    const s = await setup('gone');
    try {
      s.fake.apply('deployments', s.sim.setImage('gone:2.0.0'));
      s.fake.apply('deployments', s.sim.progress(1, 4, 3, T1));
      await eventually('a watch', async () => s.fake.openWatches() > 0);
      await settle();
      s.fake.dropWatches();
      s.fake.apply('deployments', s.sim.complete(T2));
      s.fake.compact();
      // The resumed watch gets an ERROR event with a 410 Status; the list then shows the end.
      await eventually('the rollout', async () => (await s.rows()).length === 2);
      await eventually(
        'a second list',
        async () => s.fake.requests.filter((r) => !r.watch && r.resource === 'deployments').length === 2,
      );
      s.fake.bookmark();
      await settle();
      assert.deepEqual(
        (await s.rows()).map((row) => [row.external_id, row.status]),
        [
          [`k8s:${s.uid}:1`, 'success'],
          [`k8s:${s.uid}:2`, 'success'],
        ],
      );
    } finally {
      await s.close();
    }
  });

  test('a watcher restarted mid-rollout reports it once, and once only after it completed', async () => {
    const s = await setup('restart');
    try {
      s.fake.apply('deployments', s.sim.setImage('restart:2.0.0'));
      s.fake.apply('deployments', s.sim.progress(1, 4, 3, T1));
      await settle();
      await s.restart();
      s.fake.apply('deployments', s.sim.complete(T2));
      await eventually('the rollout', async () => (await s.rows()).length === 2);
      // A third instance sees the finished rollout at first sight: the same id, a duplicate.
      await s.restart();
      await settle();
      assert.deepEqual(
        (await s.rows()).map((row) => [row.external_id, row.finished_at]),
        [
          [`k8s:${s.uid}:1`, T0],
          [`k8s:${s.uid}:2`, T2],
        ],
      );
    } finally {
      await s.close();
    }
  });

  test('a StatefulSet and a DaemonSet rollout are deployments', async () => {
    const s = await setup('sets');
    try {
      const sts = {
        name: 'db',
        namespace: 'shop',
        uid: `${s.uid}-sts`,
        labels: { 'keptn.sh/workload': 'orders-db', 'keptn.sh/version': '15.2' },
      };
      const agent = { name: 'agent', namespace: 'shop', uid: `${s.uid}-ds` };
      s.fake.apply(
        'statefulsets',
        statefulSet(sts, 'postgres:15.1', 1, {
          observed: 1,
          ready: 2,
          updated: 2,
          current: 'db-1',
          update: 'db-1',
        }),
      );
      s.fake.apply('daemonsets', daemonSet(agent, 'agent:1.0', 1, { observed: 1, updated: 3, available: 3 }));
      s.fake.apply(
        'statefulsets',
        statefulSet(sts, 'postgres:15.2', 2, {
          observed: 2,
          ready: 2,
          updated: 0,
          current: 'db-1',
          update: 'db-2',
        }),
      );
      s.fake.apply('daemonsets', daemonSet(agent, 'agent:1.1', 2, { observed: 2, updated: 1, available: 3 }));
      s.fake.apply(
        'statefulsets',
        statefulSet(sts, 'postgres:15.2', 2, {
          observed: 2,
          ready: 2,
          updated: 2,
          current: 'db-2',
          update: 'db-2',
        }),
      );
      s.fake.apply('daemonsets', daemonSet(agent, 'agent:1.1', 2, { observed: 2, updated: 3, available: 3 }));
      const both = async () => [
        ...(await deploymentsOf(db().db, `${s.uid}-sts`)),
        ...(await deploymentsOf(db().db, `${s.uid}-ds`)),
      ];
      await eventually('both rollouts', async () => (await both()).length === 2);
      await settle();
      assert.deepEqual(
        (await both()).map((row) => [row.external_id, row.service, row.version, row.environment]),
        [
          [`k8s:${s.uid}-sts:g2`, 'orders-db', '15.2', 'eu-1/shop'],
          [`k8s:${s.uid}-ds:2`, 'agent', '1.1', 'eu-1/shop'],
        ],
      );
    } finally {
      await s.close();
    }
  });

  test('with a namespace selector, only rollouts in matching namespaces count', async () => {
    const s = await setup('selected', { namespaceSelector: 'keptn.sh/lifecycle-toolkit=enabled' });
    try {
      s.fake.apply('namespaces', { metadata: { name: 'other' } });
      const other = new DeploymentSim(
        { name: 'other', namespace: 'other', uid: `${s.uid}-other` },
        'o:1',
        T0,
      );
      s.fake.apply('deployments', other.object());
      s.fake.apply('deployments', other.setImage('o:2'));
      s.fake.apply('deployments', other.progress(3, 3, 3, T1));
      s.fake.apply('deployments', other.complete(T1));
      s.fake.apply('deployments', s.sim.setImage('selected:2.0.0'));
      s.fake.apply('deployments', s.sim.progress(3, 3, 3, T1));
      s.fake.apply('deployments', s.sim.complete(T1));
      await eventually('the selected rollout', async () => (await s.rows()).length === 2);
      await settle();
      assert.equal((await deploymentsOf(db().db, `${s.uid}-other`)).length, 0);
    } finally {
      await s.close();
    }
  });
}

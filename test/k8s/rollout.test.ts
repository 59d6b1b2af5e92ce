/** The pure parts of the watcher: rollout tracking, identity, namespace selectors, settings. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toNativeDeployment } from '../../src/k8s/identity.ts';
import { matchesNamespace, parseNamespaceSelector } from '../../src/k8s/namespace-selector.ts';
import { observeWorkload, type Tracked } from '../../src/k8s/rollout.ts';
import { parseWatcherConfig } from '../../src/k8s/watcher-config.ts';
import { daemonSet, DeploymentSim, statefulSet } from './workloads.ts';

const NOW = '2026-03-02T12:00:00Z';

test('a template change followed by completion ends one rollout; later events end nothing', () => {
  const sim = new DeploymentSim({ name: 'a', namespace: 'n', uid: 'u1' }, 'a:1', '2026-03-01T00:00:00Z');
  let state: Tracked | undefined = observeWorkload('Deployment', sim.object(), undefined, NOW).next;
  const ends = [
    sim.setImage('a:2'),
    sim.progress(1, 4, 3, NOW),
    sim.complete('2026-03-02T12:05:00Z'),
    sim.scale(6, NOW),
  ].map((object) => {
    const result = observeWorkload('Deployment', object, state, NOW);
    state = result.next;
    return result.end;
  });
  assert.deepEqual(ends, [
    undefined,
    undefined,
    {
      id: 'k8s:u1:2',
      status: 'success',
      finishedAt: '2026-03-02T12:05:00Z',
      startedAt: NOW,
      rollback: false,
    },
    undefined,
  ]);
});

test('at first sight only a Deployment dated by its Progressing condition is reported', () => {
  const sim = new DeploymentSim({ name: 'a', namespace: 'n', uid: 'u2' }, 'a:1', '2026-03-01T00:00:00Z');
  assert.equal(
    observeWorkload('Deployment', sim.object(), undefined, NOW).end?.finishedAt,
    '2026-03-01T00:00:00Z',
  );
  const sts = statefulSet({ name: 's', namespace: 'n', uid: 'u3' }, 'p:1', 1, {
    observed: 1,
    ready: 2,
    updated: 2,
    current: 'r',
    update: 'r',
  });
  assert.equal(observeWorkload('StatefulSet', sts, undefined, NOW).end, undefined);
  const ds = daemonSet({ name: 'd', namespace: 'n', uid: 'u4' }, 'x:1', 1, {
    observed: 1,
    updated: 3,
    available: 3,
  });
  assert.equal(observeWorkload('DaemonSet', ds, undefined, NOW).end, undefined);
});

test('a DaemonSet still updating pods is not done; its end is the watch time', () => {
  const id = { name: 'd', namespace: 'n', uid: 'u5' };
  let state = observeWorkload(
    'DaemonSet',
    daemonSet(id, 'x:1', 1, { observed: 1, updated: 3, available: 3 }),
    undefined,
    NOW,
  ).next;
  const waiting = observeWorkload(
    'DaemonSet',
    daemonSet(id, 'x:2', 2, { observed: 2, updated: 1, available: 3 }),
    state,
    NOW,
  );
  assert.equal(waiting.end, undefined);
  state = waiting.next;
  const later = '2026-03-02T12:09:00Z';
  const done = observeWorkload(
    'DaemonSet',
    daemonSet(id, 'x:2', 2, { observed: 2, updated: 3, available: 3 }),
    state,
    later,
  );
  assert.deepEqual(done.end, {
    id: 'k8s:u5:2',
    status: 'success',
    finishedAt: later,
    startedAt: NOW,
    rollback: false,
  });
});

test('identity: keptn.sh before app.kubernetes.io, pod template before object, image tag as version', () => {
  const sim = new DeploymentSim(
    {
      name: 'obj-name',
      namespace: 'payments',
      uid: 'u6',
      labels: { 'keptn.sh/workload': 'from-object', 'app.kubernetes.io/part-of': 'bank' },
      templateLabels: { 'app.kubernetes.io/name': 'from-template' },
      templateAnnotations: { 'keptn.sh/workload': 'keptn-template', 'fivekeys.dev/commit': 'not-a-sha' },
    },
    'ghcr.io/acme/pay:v2.3.4@sha256:abc',
    NOW,
  );
  const end = { id: 'k8s:u6:1', status: 'success' as const, finishedAt: NOW, rollback: true };
  const settings = {
    environment: '{cluster}-{namespace}',
    clusterName: 'gke',
    commitKeys: ['fivekeys.dev/commit'],
    repositoryKeys: [],
  };
  assert.deepEqual(toNativeDeployment(sim.object(), end, settings), {
    id: 'k8s:u6:1',
    service: 'keptn-template',
    environment: 'gke-payments',
    status: 'success',
    finished_at: NOW,
    version: 'v2.3.4',
    kind: 'rollback',
    application: 'bank',
  });
});

test('namespace selectors match labels or annotations', () => {
  const keptn = parseNamespaceSelector('keptn.sh/lifecycle-toolkit=enabled, team');
  const ns = (labels: Record<string, string>, annotations: Record<string, string>) => ({
    metadata: { labels, annotations },
  });
  assert.equal(matchesNamespace(keptn, ns({ team: 'a' }, { 'keptn.sh/lifecycle-toolkit': 'enabled' })), true);
  assert.equal(matchesNamespace(keptn, ns({}, { 'keptn.sh/lifecycle-toolkit': 'enabled' })), false);
  assert.equal(matchesNamespace(parseNamespaceSelector('env!=dev'), ns({ env: 'dev' }, {})), false);
  assert.throws(() => parseNamespaceSelector(' , '), /is empty/);
});

test('settings: environment variables over the YAML section, validated', () => {
  const config = parseWatcherConfig(
    { enabled: false, namespaces: ['a'], clusterName: 'yaml' },
    { FIVEKEYS_KUBERNETES: 'true', FIVEKEYS_KUBERNETES_CLUSTER: 'env', KUBERNETES_SERVICE_HOST: '10.0.0.1' },
  );
  assert.equal(config.enabled, true);
  assert.equal(config.clusterName, 'env');
  assert.deepEqual(config.namespaces, ['a']);
  assert.equal(config.environment, '{namespace}');
  assert.equal(config.inClusterServer, 'https://10.0.0.1:443');
  assert.deepEqual(config.commitKeys, ['fivekeys.dev/commit', 'org.opencontainers.image.revision']);
  assert.throws(() => parseWatcherConfig({ namespaces: ['a'], namespaceSelector: 'x' }), /not both/);
  assert.throws(() => parseWatcherConfig({ kinds: ['Job'] }), /kubernetes\.kinds/);
  assert.throws(() => parseWatcherConfig({}, { FIVEKEYS_KUBERNETES: 'yes' }), /FIVEKEYS_KUBERNETES/);
});

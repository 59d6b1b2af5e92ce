/**
 * The Helm chart, rendered as `helm template` would (test/deploy/helm-render.ts) with its defaults
 * and with the other modes switched on: every object passes the Kubernetes schemas, and the
 * Deployment is hardened, probes real routes, reads secrets only from Secrets, and runs PGlite as
 * exactly one pod.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { renderChart, type RenderOptions } from './helm-render.ts';
import { validateManifest, type Manifest } from './k8s-schemas.ts';
import {
  assertHardened,
  assertProbes,
  assertSecretsReferenced,
  knownVariables,
  onlyContainer,
  webhookSecretVariables,
  type DeploymentShape,
} from './pod-checks.ts';

const CONFIG_FILE = {
  settings: { timezone: 'Europe/Paris' },
  services: [{ name: 'shop', team: 'payments' }],
};

const VARIANTS: Record<string, { options: RenderOptions; kinds: string[] }> = {
  defaults: { options: {}, kinds: ['Deployment', 'PodDisruptionBudget', 'Service', 'ServiceAccount'] },
  embedded: {
    options: { values: { database: { mode: 'embedded' }, replicaCount: 3 } },
    kinds: ['Deployment', 'PersistentVolumeClaim', 'Service', 'ServiceAccount'],
  },
  'embedded, namespace watcher, ingress, ServiceMonitor, secrets, config file': {
    options: {
      namespace: 'dora',
      values: {
        database: { mode: 'embedded', persistence: { storageClassName: 'fast-ssd' } },
        existingSecret: 'fivekeys',
        timezone: 'UTC',
        trustProxy: '1',
        configFile: CONFIG_FILE,
        extraEnv: [{ name: 'FIVEKEYS_METRICS_CACHE_SECONDS', value: '60' }],
        kubernetes: { watcher: { enabled: true, clusterWide: false } },
        ingress: { enabled: true, className: 'nginx', tlsSecretName: 'fivekeys-tls' },
        serviceMonitor: {
          enabled: true,
          labels: { release: 'kube-prometheus-stack' },
          authorization: { type: 'Bearer', credentials: { name: 'fivekeys-metrics', key: 'token' } },
        },
        podLabels: { team: 'platform' },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'tools', effect: 'NoSchedule' }],
      },
    },
    kinds: [
      'ConfigMap',
      'Deployment',
      'Ingress',
      'PersistentVolumeClaim',
      'Role',
      'RoleBinding',
      'Service',
      'ServiceAccount',
      'ServiceMonitor',
    ],
  },
  'external database, cluster-wide watcher': {
    options: {
      releaseName: 'dora',
      values: {
        existingSecret: 'fivekeys',
        database: { existingSecret: 'fivekeys-db-app', existingSecretKey: 'uri' },
        kubernetes: {
          watcher: {
            enabled: true,
            namespaceSelector: 'keptn.sh/lifecycle-toolkit=enabled',
            cluster: 'eu-1',
          },
        },
        serviceMonitor: { enabled: true },
      },
    },
    kinds: [
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
      'ServiceMonitor',
    ],
  },
};

function render(options: RenderOptions): Manifest[] {
  return renderChart(options).map(({ object }) => object);
}

const one = <T>(objects: Manifest[], kind: string): T => {
  const found = objects.filter((object) => object.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0] as T;
};

const envOf = (deployment: DeploymentShape) =>
  new Map((onlyContainer(deployment).env ?? []).map((env) => [env.name, env]));

for (const [name, { options, kinds }] of Object.entries(VARIANTS)) {
  test(`${name}: renders ${kinds.length} objects that pass the Kubernetes schemas`, () => {
    const objects = render(options);
    assert.deepEqual(objects.map((object) => object.kind).sort(), kinds);
    for (const object of objects) validateManifest(object);
    assert.ok(
      objects.every((object) => object.metadata.namespace === undefined),
      'helm sets the namespace',
    );
  });

  test(`${name}: hardened pod, probes on /healthz and /readyz, secrets only by reference`, () => {
    const objects = render(options);
    const deployment = one<DeploymentShape>(objects, 'Deployment');
    assertHardened(deployment);
    assertProbes(deployment);
    assertSecretsReferenced(deployment);
    assert.ok(!objects.some((object) => object.kind === 'Secret'), 'the chart never writes a Secret');
    const known = knownVariables();
    for (const variable of envOf(deployment).keys()) assert.ok(known.has(variable), `${variable} is read`);
  });

  test(`${name}: Service, PodDisruptionBudget and ServiceMonitor select the pods and port`, () => {
    const objects = render(options);
    const deployment = one<DeploymentShape>(objects, 'Deployment');
    const podLabels = deployment.spec.template.metadata.labels;
    const service = one<{
      metadata: { labels: object };
      spec: { selector: object; ports: { name: string }[] };
    }>(objects, 'Service');
    assert.deepEqual(deployment.spec.selector.matchLabels, service.spec.selector);
    for (const [key, value] of Object.entries(service.spec.selector)) assert.equal(podLabels[key], value);
    for (const object of objects.filter(
      ({ kind }) => kind === 'PodDisruptionBudget' || kind === 'ServiceMonitor',
    )) {
      const spec = object.spec as { selector: { matchLabels: object }; endpoints?: { port: string }[] };
      assert.deepEqual(spec.selector.matchLabels, service.spec.selector);
      for (const endpoint of spec.endpoints ?? []) {
        assert.ok(service.spec.ports.some((port) => port.name === endpoint.port));
        assert.ok(
          Object.entries(spec.selector.matchLabels).every(
            ([k, v]) => service.metadata.labels[k as never] === v,
          ),
        );
      }
    }
  });
}

test('external mode: replicas as configured, rolling update, DATABASE_URL from the Secret', () => {
  const deployment = one<DeploymentShape>(render({ values: { replicaCount: 3 } }), 'Deployment');
  assert.equal(deployment.spec.replicas, 3);
  assert.equal(deployment.spec.strategy.type, 'RollingUpdate');
  assert.deepEqual(envOf(deployment).get('DATABASE_URL')?.valueFrom, {
    secretKeyRef: { name: 'fivekeys-database', key: 'DATABASE_URL' },
  });
  assert.equal(deployment.spec.template.spec.automountServiceAccountToken, false);
});

test('embedded mode: one replica whatever replicaCount says, Recreate, /data on a claim', () => {
  const objects = render({ values: { database: { mode: 'embedded' }, replicaCount: 3 } });
  const deployment = one<DeploymentShape>(objects, 'Deployment');
  assert.equal(deployment.spec.replicas, 1);
  assert.equal(deployment.spec.strategy.type, 'Recreate');
  // A replacement pod keeps the host name the data folder's lock records, so it can take that lock over.
  assert.equal(deployment.spec.template.spec.hostname, deployment.metadata.name);
  assert.equal(envOf(deployment).get('DATABASE_URL'), undefined);
  assert.equal(envOf(deployment).get('FIVEKEYS_DATA_DIR')?.value, '/data');
  const claim = one<Manifest & { spec: { accessModes: string[] } }>(objects, 'PersistentVolumeClaim');
  assert.deepEqual(claim.spec.accessModes, ['ReadWriteOnce']);
  const mount = onlyContainer(deployment).volumeMounts?.find((each) => each.mountPath === '/data');
  const volume = deployment.spec.template.spec.volumes?.find((each) => each.name === mount?.name);
  assert.equal(volume?.persistentVolumeClaim?.claimName, claim.metadata.name);
  const existing = render({
    values: { database: { mode: 'embedded', persistence: { existingClaim: 'mine' } } },
  });
  assert.ok(!existing.some((object) => object.kind === 'PersistentVolumeClaim'));
  const mounted = one<DeploymentShape>(existing, 'Deployment').spec.template.spec.volumes;
  assert.equal(mounted?.find((each) => each.name === 'data')?.persistentVolumeClaim?.claimName, 'mine');
});

test('the watcher gets read-only RBAC bound to the pod service account, and its token', () => {
  for (const clusterWide of [true, false]) {
    const objects = render({
      namespace: 'dora',
      values: { kubernetes: { watcher: { enabled: true, clusterWide } } },
    });
    const role = one<Manifest & { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }>(
      objects,
      clusterWide ? 'ClusterRole' : 'Role',
    );
    const expected = [
      {
        apiGroups: ['apps'],
        resources: ['deployments', 'statefulsets', 'daemonsets'],
        verbs: ['get', 'list', 'watch'],
      },
      ...(clusterWide
        ? [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }]
        : []),
    ];
    assert.deepEqual(role.rules, expected);
    const binding = one<Manifest & { roleRef: { kind: string; name: string }; subjects: object[] }>(
      objects,
      clusterWide ? 'ClusterRoleBinding' : 'RoleBinding',
    );
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: role.kind,
      name: role.metadata.name,
    });
    const deployment = one<DeploymentShape>(objects, 'Deployment');
    const account = deployment.spec.template.spec.serviceAccountName;
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: account, namespace: 'dora' }]);
    assert.equal(one<Manifest>(objects, 'ServiceAccount').metadata.name, account);
    assert.equal(deployment.spec.template.spec.automountServiceAccountToken, true);
    assert.equal(envOf(deployment).get('FIVEKEYS_KUBERNETES')?.value, 'true');
    // A Role reaches one namespace only, so the watcher is told to stay there.
    assert.equal(
      envOf(deployment).get('FIVEKEYS_KUBERNETES_NAMESPACES')?.value,
      clusterWide ? undefined : 'dora',
    );
    assert.ok(role.metadata.name.startsWith('dora-'), 'cluster-scoped names carry the namespace');
  }
  const off = render({});
  assert.ok(!off.some((object) => /Role/.test(object.kind)), 'no RBAC without the watcher');
});

test('FIVEKEYS_TRUST_PROXY: off unless set, and a value the service accepts when set', () => {
  const deploymentOf = (values: Record<string, string>) =>
    one<DeploymentShape>(render({ values }), 'Deployment');
  assert.equal(envOf(deploymentOf({})).get('FIVEKEYS_TRUST_PROXY'), undefined);
  for (const trustProxy of ['1', '10.0.0.0/8, 192.168.1.4']) {
    const value = envOf(deploymentOf({ trustProxy })).get('FIVEKEYS_TRUST_PROXY')?.value;
    assert.equal(value, trustProxy);
    assert.ok(loadConfig({ FIVEKEYS_TRUST_PROXY: value }).trustProxy);
  }
});

test('the existing Secret offers every credential the service reads, each optional', () => {
  const deployment = one<DeploymentShape>(render({ values: { existingSecret: 'fivekeys' } }), 'Deployment');
  const fromSecret = assertSecretsReferenced(deployment).filter((env) => env.name !== 'DATABASE_URL');
  const expected = [
    'FIVEKEYS_ADMIN_TOKEN',
    'FIVEKEYS_ADMIN_USERNAME',
    'FIVEKEYS_ADMIN_PASSWORD',
    'FIVEKEYS_METRICS_TOKEN',
    ...webhookSecretVariables(),
  ];
  assert.equal(webhookSecretVariables().length, 5);
  assert.deepEqual(fromSecret.map((env) => env.name).sort(), expected.sort());
  for (const env of fromSecret) {
    assert.deepEqual(env.valueFrom?.secretKeyRef, { name: 'fivekeys', key: env.name, optional: true });
  }
});

test('the config file ConfigMap loads through the real config loader; its checksum rolls the pods', () => {
  const objects = render({ values: { configFile: CONFIG_FILE } });
  const configMap = one<Manifest & { data: Record<string, string> }>(objects, 'ConfigMap');
  const deployment = one<DeploymentShape>(objects, 'Deployment');
  const path = envOf(deployment).get('FIVEKEYS_CONFIG')?.value ?? '';
  const mount = onlyContainer(deployment).volumeMounts?.find((each) => path.startsWith(`${each.mountPath}/`));
  const file = path.slice((mount?.mountPath.length ?? 0) + 1);
  const dir = mkdtempSync(join(tmpdir(), 'fivekeys-chart-'));
  try {
    writeFileSync(join(dir, file), configMap.data[file] ?? '');
    const config = loadConfig({ FIVEKEYS_CONFIG: join(dir, file) });
    assert.equal(config.settings.timezone, 'Europe/Paris');
    assert.deepEqual(
      config.services.map((service) => [service.name, service.team]),
      [['shop', 'payments']],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const checksum = (values: RenderOptions['values']) =>
    one<DeploymentShape>(render({ values }), 'Deployment').spec.template.metadata.annotations?.[
      'checksum/config'
    ];
  assert.notDeepEqual(
    checksum({ configFile: CONFIG_FILE }),
    checksum({ configFile: { settings: { timezone: 'UTC' } } }),
  );
  assert.deepEqual(checksum({ configFile: CONFIG_FILE }), checksum({ configFile: CONFIG_FILE }));
});

test('the image defaults to the chart appVersion; fullnameOverride renames every object', () => {
  const objects = render({ values: { fullnameOverride: 'dora-metrics', image: { tag: '1.2.3' } } });
  assert.equal(
    onlyContainer(one<DeploymentShape>(objects, 'Deployment')).image,
    'ghcr.io/fivekeys/fivekeys:1.2.3',
  );
  assert.ok(objects.every((object) => object.metadata.name === 'dora-metrics'));
  assert.equal(
    onlyContainer(one<DeploymentShape>(render({}), 'Deployment')).image,
    'ghcr.io/fivekeys/fivekeys:0.1.0',
  );
});

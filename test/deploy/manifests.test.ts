/**
 * The plain manifests (deploy/kubernetes, the watcher component, the CloudNativePG overlay and
 * deploy/servicemonitor.yaml): every object passes the Kubernetes schemas, the kustomizations name
 * files that exist, patches land on what they target, and the Deployment matches the chart's.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { parseCatalogFile } from '../../src/config-file.ts';
import { renderChart } from './helm-render.ts';
import { validateManifest, type Manifest } from './k8s-schemas.ts';
import {
  assertHardened,
  assertProbes,
  assertSecretsReferenced,
  knownVariables,
  onlyContainer,
  webhookSecretVariables,
  type DeploymentShape,
  type EnvVar,
} from './pod-checks.ts';

const DEPLOY = new URL('../../deploy/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, DEPLOY), 'utf8');
const documents = (path: string) =>
  parseAllDocuments(read(path)).map((document) => document.toJS() as Manifest);

interface Kustomization {
  kind: string;
  namespace?: string;
  resources?: string[];
  components?: string[];
  patches?: { path: string; target: { kind: string; name: string } }[];
  configMapGenerator?: { name: string; files: string[] }[];
}

const base = parse(read('kubernetes/kustomization.yaml')) as Kustomization;
const baseObjects = (base.resources ?? []).flatMap((file) => documents(`kubernetes/${file}`));
const deployment = baseObjects.find((object) => object.kind === 'Deployment') as unknown as DeploymentShape;

test('every manifest file passes the Kubernetes schemas and names no namespace', () => {
  const files = [
    ...(base.resources ?? []).map((file) => `kubernetes/${file}`),
    'kubernetes/ingress.yaml',
    'kubernetes/watcher/rbac.yaml',
    'servicemonitor.yaml',
  ];
  let count = 0;
  for (const file of files) {
    for (const object of documents(file)) {
      validateManifest(object);
      assert.equal(object.metadata.namespace, undefined, `${file}: the kustomization chooses the namespace`);
      count += 1;
    }
  }
  assert.equal(count, 8);
  assert.deepEqual(baseObjects.map((object) => object.kind).sort(), [
    'Deployment',
    'PodDisruptionBudget',
    'Service',
    'ServiceAccount',
  ]);
});

test('the Deployment is hardened, probes real routes and reads credentials only from Secrets', () => {
  assertHardened(deployment);
  assertProbes(deployment);
  const secrets = assertSecretsReferenced(deployment);
  const byName = new Map(secrets.map((env) => [env.name, env.valueFrom?.secretKeyRef]));
  assert.deepEqual(byName.get('DATABASE_URL'), { name: 'fivekeys-database', key: 'DATABASE_URL' });
  for (const name of ['FIVEKEYS_ADMIN_TOKEN', 'FIVEKEYS_METRICS_TOKEN', ...webhookSecretVariables()]) {
    assert.deepEqual(byName.get(name), { name: 'fivekeys', key: name, optional: true });
  }
  const known = knownVariables();
  for (const env of onlyContainer(deployment).env ?? [])
    assert.ok(known.has(env.name), `${env.name} is read`);
  assert.ok(deployment.spec.replicas >= 2, 'several replicas share the external database');
});

test('the Deployment matches the Helm chart on image, port, probes, security and variables', () => {
  const chart = renderChart({
    values: { existingSecret: 'fivekeys', configFile: { settings: { timezone: 'UTC' } } },
  });
  const rendered = chart.find(({ object }) => object.kind === 'Deployment')
    ?.object as unknown as DeploymentShape;
  const pick = (each: DeploymentShape) => {
    const { image, args, ports, livenessProbe, readinessProbe, startupProbe, securityContext, env } =
      onlyContainer(each);
    const probePaths = [livenessProbe, readinessProbe, startupProbe].map((probe) => probe?.httpGet);
    return {
      image,
      args,
      ports,
      probePaths,
      securityContext,
      env: env?.map((variable) => variable.name).sort(),
    };
  };
  assert.deepEqual(pick(deployment), pick(rendered));
});

test('the configuration file is generated into the ConfigMap the pod mounts, and is valid', () => {
  const [generator] = base.configMapGenerator ?? [];
  assert.ok(generator);
  const volume = deployment.spec.template.spec.volumes?.find(
    (each) => each.configMap?.name === generator.name,
  );
  const mount = onlyContainer(deployment).volumeMounts?.find((each) => each.name === volume?.name);
  const configPath = onlyContainer(deployment).env?.find((env) => env.name === 'FIVEKEYS_CONFIG')?.value;
  assert.deepEqual(generator.files, ['fivekeys.yaml']);
  assert.equal(configPath, `${mount?.mountPath}/fivekeys.yaml`);
  const file = parseCatalogFile(parse(read('kubernetes/fivekeys.yaml')) ?? {}, 'fivekeys.yaml');
  assert.equal(file.settings.timezone, 'UTC');
});

test('kustomizations name files that exist', () => {
  const dirs = ['kubernetes/', 'kubernetes/watcher/', 'cloudnative-pg/'];
  for (const dir of dirs) {
    const kustomization = parse(read(`${dir}kustomization.yaml`)) as Kustomization;
    const paths = [
      ...(kustomization.resources ?? []),
      ...(kustomization.components ?? []),
      ...(kustomization.patches ?? []).map((patch) => patch.path),
      ...(kustomization.configMapGenerator ?? []).flatMap((generator) => generator.files),
    ];
    for (const path of paths) assert.ok(existsSync(new URL(`${dir}${path}`, DEPLOY)), `${dir}${path}`);
  }
});

/** A strategic-merge patch of one container's env, as kustomize applies it (merge by name). */
function patchedEnv(patchFile: string): Map<string, EnvVar> {
  const patch = parse(read(patchFile)) as DeploymentShape;
  const [patchContainer] = patch.spec.template.spec.containers;
  assert.equal(patchContainer?.name, onlyContainer(deployment).name, 'the patch targets the container');
  const env = new Map((onlyContainer(deployment).env ?? []).map((each) => [each.name, each]));
  for (const each of patchContainer?.env ?? []) env.set(each.name, { ...env.get(each.name), ...each });
  return env;
}

test('the watcher component: read-only RBAC bound to the pod account, and the watcher switched on', () => {
  const component = parse(read('kubernetes/watcher/kustomization.yaml')) as Kustomization;
  assert.equal(component.kind, 'Component');
  for (const patch of component.patches ?? []) {
    assert.deepEqual(patch.target, { kind: 'Deployment', name: deployment.metadata.name });
  }
  const [role, binding] = documents('kubernetes/watcher/rbac.yaml') as (Manifest & {
    rules?: { verbs: string[]; resources: string[] }[];
    subjects?: { name: string; namespace: string }[];
  })[];
  assert.deepEqual(
    role?.rules?.flatMap((rule) => rule.resources),
    ['deployments', 'statefulsets', 'daemonsets', 'namespaces'],
  );
  assert.ok(role?.rules?.every((rule) => rule.verbs.join() === 'get,list,watch'));
  // kustomize does not rewrite a subject's namespace: it must be the one the base deploys into.
  assert.deepEqual(binding?.subjects, [
    {
      kind: 'ServiceAccount',
      name: deployment.spec.template.spec.serviceAccountName,
      namespace: base.namespace,
    },
  ]);
  const patch = parse(read('kubernetes/watcher/deployment-patch.yaml')) as DeploymentShape;
  assert.equal(patch.spec.template.spec.automountServiceAccountToken, true);
  assert.equal(
    patchedEnv('kubernetes/watcher/deployment-patch.yaml').get('FIVEKEYS_KUBERNETES')?.value,
    'true',
  );
  assert.equal(deployment.spec.template.spec.automountServiceAccountToken, false, 'no API token without it');
});

test('the CloudNativePG overlay: a Cluster whose generated app Secret feeds DATABASE_URL', () => {
  const overlay = parse(read('cloudnative-pg/kustomization.yaml')) as Kustomization;
  assert.equal(overlay.namespace, base.namespace);
  const [cluster] = documents('cloudnative-pg/cluster.yaml') as (Manifest & {
    spec: { instances: number; bootstrap: { initdb: { database: string; owner: string } } };
  })[];
  assert.equal(cluster?.apiVersion, 'postgresql.cnpg.io/v1');
  assert.equal(cluster?.kind, 'Cluster');
  assert.ok((cluster?.spec.instances ?? 0) >= 2, 'a replica to fail over to');
  assert.deepEqual(cluster?.spec.bootstrap.initdb, { database: 'fivekeys', owner: 'fivekeys' });
  // CloudNativePG writes the application user's credentials to <cluster>-app, the full URI under `uri`.
  const url = patchedEnv('cloudnative-pg/database-url-patch.yaml').get('DATABASE_URL');
  assert.deepEqual(url?.valueFrom?.secretKeyRef, { name: `${cluster?.metadata.name}-app`, key: 'uri' });
});

test('deploy/servicemonitor.yaml scrapes the Service port by name and selects its labels', () => {
  const [monitor] = documents('servicemonitor.yaml') as (Manifest & {
    spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string }[] };
  })[];
  const service = baseObjects.find((object) => object.kind === 'Service') as Manifest & {
    spec: { ports: { name: string }[] };
  };
  for (const [key, value] of Object.entries(monitor?.spec.selector.matchLabels ?? {})) {
    assert.equal(service.metadata.labels?.[key], value);
  }
  assert.deepEqual(
    monitor?.spec.endpoints.map((endpoint) => [endpoint.port, endpoint.path]),
    [['http', '/metrics']],
  );
  assert.ok(service.spec.ports.some((port) => port.name === 'http'));
});

test('the schema check rejects what Kubernetes would reject', () => {
  const broken = structuredClone(deployment) as unknown as Manifest & { spec: { replicas: unknown } };
  broken.spec.replicas = 'two';
  assert.throws(() => validateManifest(broken), /Deployment\/fivekeys: .*replicas must be integer/);
  const [monitor] = documents('servicemonitor.yaml') as (Manifest & { spec: { endpoints: unknown } })[];
  assert.ok(monitor);
  monitor.spec.endpoints = { port: 'http' };
  assert.throws(() => validateManifest(monitor), /ServiceMonitor\/fivekeys: .*endpoints must be array/);
  assert.throws(
    () => validateManifest({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }),
    /no schema/,
  );
});

/**
 * The properties every fivekeys Deployment must have, whether it comes from the Helm chart or the
 * plain manifests: hardened pod, probes on the service's real health routes, secrets only by reference.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}

interface Probe {
  httpGet?: { path?: string; port?: string | number };
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface DeploymentShape {
  kind: 'Deployment';
  metadata: { name: string };
  spec: {
    replicas: number;
    strategy: { type: string };
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: {
        automountServiceAccountToken?: boolean;
        serviceAccountName?: string;
        hostname?: string;
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
        containers: Container[];
        volumes?: {
          name: string;
          emptyDir?: object;
          persistentVolumeClaim?: { claimName: string };
          configMap?: { name: string };
        }[];
      };
    };
  };
}

export function onlyContainer(deployment: DeploymentShape): Container {
  assert.equal(deployment.spec.template.spec.containers.length, 1);
  return deployment.spec.template.spec.containers[0] as Container;
}

export function assertHardened(deployment: DeploymentShape): void {
  const pod = deployment.spec.template.spec;
  const container = onlyContainer(deployment);
  assert.equal(pod.securityContext?.runAsNonRoot, true);
  assert.ok((pod.securityContext?.runAsUser ?? 0) > 0, 'a non-zero uid');
  assert.equal(pod.securityContext?.seccompProfile?.type, 'RuntimeDefault');
  assert.equal(container.securityContext?.readOnlyRootFilesystem, true);
  assert.equal(container.securityContext?.allowPrivilegeEscalation, false);
  assert.deepEqual(container.securityContext?.capabilities, { drop: ['ALL'] });
  const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
  assert.ok(pod.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir, '/tmp is an emptyDir');
}

/** The probe paths, checked against the routes the service registers. */
export function assertProbes(deployment: DeploymentShape): { liveness: string; readiness: string } {
  const container = onlyContainer(deployment);
  const portNames = (container.ports ?? []).map((port) => port.name);
  for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
    assert.ok(portNames.includes(String(probe?.httpGet?.port)), 'probes use the named container port');
  }
  const routes = readFileSync(new URL('../../src/http/routes/health.ts', import.meta.url), 'utf8');
  const liveness = container.livenessProbe?.httpGet?.path ?? '';
  const readiness = container.readinessProbe?.httpGet?.path ?? '';
  assert.equal(liveness, '/healthz');
  assert.equal(readiness, '/readyz');
  assert.equal(container.startupProbe?.httpGet?.path, '/healthz');
  const registers = (path: string) => new RegExp(`app\\.get(<[^(]*>)?\\(\\s*'${path}'`).test(routes);
  assert.ok(registers(liveness) && registers(readiness), 'the service registers both probe routes');
  return { liveness, readiness };
}

const SENSITIVE = /TOKEN|SECRET|PASSWORD|USERNAME|DATABASE_URL/;

/** Every credential comes from a Secret; no value is written in the manifest. */
export function assertSecretsReferenced(deployment: DeploymentShape): EnvVar[] {
  const sensitive = (onlyContainer(deployment).env ?? []).filter((env) => SENSITIVE.test(env.name));
  for (const env of sensitive) {
    assert.equal(env.value, undefined, `${env.name} has no literal value`);
    assert.ok(env.valueFrom?.secretKeyRef?.name, `${env.name} comes from a Secret`);
  }
  return sensitive;
}

/** The variables the service reads: src/config.ts, and the watcher's settings it passes on. */
export function knownVariables(): Set<string> {
  const sources = ['../../src/config.ts', '../../src/k8s/watcher-config.ts'].map((path) =>
    readFileSync(new URL(path, import.meta.url), 'utf8'),
  );
  return new Set(sources.flatMap((source) => source.match(/\b(?:FIVEKEYS_[A-Z_]+|DATABASE_URL)\b/g) ?? []));
}

/** The webhook secret variables of config.ts, which the manifests must all offer. */
export function webhookSecretVariables(): string[] {
  const config = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
  return [...config.matchAll(/'(FIVEKEYS_[A-Z]+_(?:WEBHOOK_SECRET|WEBHOOK_TOKEN|SIGNING_TOKEN))'/g)].map(
    (match) => match[1] as string,
  );
}

/**
 * The watcher's settings: the YAML `kubernetes:` section, then the FIVEKEYS_KUBERNETES_* variables
 * over it. src/config.ts passes both in (it alone reads process.env); this module only validates.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { compileValidator } from '../validation.ts';
import { parseNamespaceSelector, type Requirement } from './namespace-selector.ts';
import { WORKLOAD_KINDS, type WorkloadKind } from './rollout.ts';

const Name = Type.String({ minLength: 1, maxLength: 253 });

export const KubernetesSectionSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    namespaces: Type.Optional(Type.Array(Name, { maxItems: 500 })),
    namespaceSelector: Type.Optional(Type.String({ minLength: 1 })),
    environment: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    clusterName: Type.Optional(Name),
    commitAnnotation: Type.Optional(Name),
    repositoryAnnotation: Type.Optional(Name),
    kinds: Type.Optional(
      Type.Array(Type.Unsafe<WorkloadKind>({ type: 'string', enum: [...WORKLOAD_KINDS] }), { minItems: 1 }),
    ),
    kubeconfig: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type KubernetesSection = Static<typeof KubernetesSectionSchema>;

export interface WatcherConfig {
  readonly enabled: boolean;
  /** Empty: every namespace. */
  readonly namespaces: readonly string[];
  readonly namespaceSelector: readonly Requirement[] | undefined;
  readonly environment: string;
  readonly clusterName: string;
  /** Label or annotation keys holding the deployed commit sha, the first present wins. */
  readonly commitKeys: readonly string[];
  readonly repositoryKeys: readonly string[];
  readonly kinds: readonly WorkloadKind[];
  /** Unset: in-cluster when running in a pod, else KUBECONFIG or ~/.kube/config. */
  readonly kubeconfig: string | undefined;
  /** `https://host:port` from KUBERNETES_SERVICE_HOST/PORT when running in a pod. */
  readonly inClusterServer: string | undefined;
}

const validateSection = compileValidator(KubernetesSectionSchema, 'invalid_config');

type Env = Record<string, string | undefined>;

export function parseWatcherConfig(section: unknown = {}, env: Env = {}): WatcherConfig {
  const file = validateSection(section ?? {}, 'kubernetes');
  const get = (name: string) => (env[name]?.trim() ? env[name].trim() : undefined);
  const list = (name: string) =>
    get(name)
      ?.split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const enabled = get('FIVEKEYS_KUBERNETES');
  if (enabled !== undefined && !['true', 'false', '1', '0'].includes(enabled)) {
    throw new AppError('invalid_config', `FIVEKEYS_KUBERNETES: "${enabled}" must be true or false`);
  }
  const namespaces = list('FIVEKEYS_KUBERNETES_NAMESPACES') ?? file.namespaces ?? [];
  const selector = get('FIVEKEYS_KUBERNETES_NAMESPACE_SELECTOR') ?? file.namespaceSelector;
  if (selector !== undefined && namespaces.length > 0) {
    throw new AppError('invalid_config', 'kubernetes: set either namespaces or namespaceSelector, not both');
  }
  const commit = get('FIVEKEYS_KUBERNETES_COMMIT_ANNOTATION') ?? file.commitAnnotation;
  const repository = file.repositoryAnnotation;
  return Object.freeze({
    enabled: enabled === undefined ? (file.enabled ?? false) : enabled === 'true' || enabled === '1',
    namespaces,
    namespaceSelector:
      selector === undefined
        ? undefined
        : parseNamespaceSelector(selector, 'FIVEKEYS_KUBERNETES_NAMESPACE_SELECTOR'),
    environment: get('FIVEKEYS_KUBERNETES_ENVIRONMENT') ?? file.environment ?? '{namespace}',
    clusterName: get('FIVEKEYS_KUBERNETES_CLUSTER') ?? file.clusterName ?? 'kubernetes',
    // No Kubernetes convention exists for the deployed commit: ours, then the OCI image key.
    commitKeys: [commit ?? 'fivekeys.dev/commit', 'org.opencontainers.image.revision'],
    repositoryKeys: [repository ?? 'fivekeys.dev/repository', 'org.opencontainers.image.source'],
    kinds: file.kinds ?? [...WORKLOAD_KINDS],
    // KUBECONFIG may list several files; the first is used.
    kubeconfig: get('KUBECONFIG')?.split(':')[0] ?? file.kubeconfig,
    inClusterServer: inCluster(get('KUBERNETES_SERVICE_HOST'), get('KUBERNETES_SERVICE_PORT')),
  });
}

function inCluster(host: string | undefined, port: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  return `https://${host.includes(':') ? `[${host}]` : host}:${port ?? '443'}`;
}

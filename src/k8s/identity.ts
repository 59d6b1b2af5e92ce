/**
 * The native deployment (the body `POST /api/v1/deployments` takes) for a workload's rollout: its
 * identity from the Keptn and `app.kubernetes.io` keys (STANDARDS.md §8: pod template before
 * object, annotations before labels, `keptn.sh/*` before `app.kubernetes.io/*`), its environment
 * from a template over the cluster and namespace.
 */
import { textAt, toSha, type JsonRecord } from '../ingest/transformers/fields.ts';
import { imageTag, metadataOf } from '../ingest/transformers/workload.ts';
import type { RolloutEnd } from './rollout.ts';

export interface IdentitySettings {
  /** `{cluster}` and `{namespace}` are replaced; without either it is a fixed value. */
  environment: string;
  clusterName: string;
  commitKeys: readonly string[];
  repositoryKeys: readonly string[];
}

const SERVICE_KEYS = ['keptn.sh/workload', 'app.kubernetes.io/name'];
const VERSION_KEYS = ['keptn.sh/version', 'app.kubernetes.io/version'];
const APPLICATION_KEYS = ['keptn.sh/app', 'app.kubernetes.io/part-of'];

export type NativeDeployment = Record<string, string>;

export function toNativeDeployment(
  object: JsonRecord,
  end: RolloutEnd,
  settings: IdentitySettings,
): NativeDeployment {
  const meta = metadataOf(object);
  const namespace = textAt(object, ['metadata', 'namespace']) ?? 'default';
  const body: Record<string, string | undefined> = {
    id: end.id,
    service: meta.first(SERVICE_KEYS) ?? textAt(object, ['metadata', 'name']) ?? 'unknown',
    environment: environmentOf(settings, namespace),
    status: end.status,
    finished_at: end.finishedAt,
    started_at: end.startedAt,
    version: meta.first(VERSION_KEYS) ?? imageTag(object, meta.first(['keptn.sh/container'])),
    commit: toSha(meta.first(settings.commitKeys)),
    repository: meta.first(settings.repositoryKeys),
    // Only a rollback is said: the ingest path infers other kinds itself.
    kind: end.rollback ? 'rollback' : undefined,
    application: meta.first(APPLICATION_KEYS),
  };
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function environmentOf(settings: IdentitySettings, namespace: string): string {
  return settings.environment
    .replaceAll('{cluster}', settings.clusterName)
    .replaceAll('{namespace}', namespace);
}

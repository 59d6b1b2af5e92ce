/**
 * Identity of a Kubernetes workload (Deployment, StatefulSet, DaemonSet) read from the object alone:
 * label and annotation keys with Keptn's precedence (STANDARDS.md §8), the image tag, the revision.
 */
import { isRecord, stringMap, textAt, valueAt, type JsonRecord } from './fields.ts';

export interface WorkloadMetadata {
  /** The first key present, pod template before object, annotation before label for each key. */
  first(keys: readonly string[]): string | undefined;
  /** One key of one kind, pod template before object. */
  only(kind: 'labels' | 'annotations', key: string): string | undefined;
}

/** Pod template first: Keptn reads pods, so the object's own keys are the fallback. */
export function metadataOf(object: JsonRecord): WorkloadMetadata {
  const layers = [valueAt(object, ['spec', 'template', 'metadata']), valueAt(object, ['metadata'])].map(
    (meta) => ({
      annotations: stringMap(valueAt(meta, ['annotations'])),
      labels: stringMap(valueAt(meta, ['labels'])),
    }),
  );
  const first = (keys: readonly string[]): string | undefined => {
    for (const layer of layers) {
      for (const key of keys) {
        const value = (layer.annotations[key] ?? layer.labels[key])?.trim();
        if (value) return value;
      }
    }
    return undefined;
  };
  const only = (kind: 'labels' | 'annotations', key: string) =>
    layers.map((layer) => layer[kind][key]?.trim()).find((value) => value);
  return { first, only };
}

/**
 * A rollout is one pod-template revision, so scaling (which bumps `generation`) is not counted again:
 * the Deployment revision, the StatefulSet update revision, the DaemonSet template generation.
 */
export function revisionOf(object: JsonRecord): string {
  const annotations = stringMap(valueAt(object, ['metadata', 'annotations']));
  return (
    annotations['deployment.kubernetes.io/revision'] ??
    textAt(object, ['status', 'updateRevision']) ??
    annotations['deprecated.daemonset.template.generation'] ??
    textAt(object, ['metadata', 'generation']) ??
    '0'
  );
}

/** The tag of the named (`keptn.sh/container`) or first container; `latest` says nothing. */
export function imageTag(object: JsonRecord, container: string | undefined): string | undefined {
  const containers = valueAt(object, ['spec', 'template', 'spec', 'containers']);
  const list = (Array.isArray(containers) ? containers : []).filter(isRecord);
  const chosen = list.find((item) => item.name === container) ?? list[0];
  const image = chosen === undefined ? undefined : textAt(chosen, ['image']);
  if (image === undefined) return undefined;
  const [reference = '', digest] = image.split('@');
  const name = reference.slice(reference.lastIndexOf('/') + 1);
  const tag = name.includes(':') ? name.slice(name.lastIndexOf(':') + 1) : undefined;
  if (tag !== undefined && tag !== 'latest') return tag;
  return digest;
}

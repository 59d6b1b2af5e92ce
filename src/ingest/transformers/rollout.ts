/**
 * Whether a Kubernetes workload's rollout is complete, failed or still going, by the rules of
 * `kubectl rollout status` (STANDARDS.md §8), read from the object alone: no clock, no other objects.
 */
import { instantAt, isRecord, textAt, valueAt, type JsonRecord } from './fields.ts';

export type Rollout =
  | { state: 'complete'; finishedAt?: string | undefined }
  | { state: 'failed'; finishedAt?: string | undefined }
  | { state: 'waiting'; reason: string }
  | { state: 'none'; reason: string };

const count = (object: JsonRecord, ...path: string[]): number => {
  const value = valueAt(object, path);
  return typeof value === 'number' ? value : 0;
};

/** Optional desired counts (`spec.replicas`): absent means the check is skipped, as kubectl does. */
const desired = (object: JsonRecord, ...path: string[]): number | undefined => {
  const value = valueAt(object, path);
  return typeof value === 'number' ? value : undefined;
};

const observed = (object: JsonRecord) =>
  count(object, 'metadata', 'generation') <= count(object, 'status', 'observedGeneration');

const waiting = (reason: string): Rollout => ({ state: 'waiting', reason });

export function rolloutOf(kind: string, object: JsonRecord, field: string): Rollout {
  if (kind === 'Deployment') return deploymentRollout(object, field);
  if (kind === 'StatefulSet') return statefulSetRollout(object);
  return daemonSetRollout(object);
}

function deploymentRollout(object: JsonRecord, field: string): Rollout {
  if (valueAt(object, ['spec', 'paused']) === true) return { state: 'none', reason: 'deployment is paused' };
  if (!observed(object)) return waiting('rollout in progress: spec update not observed yet');
  const conditions = valueAt(object, ['status', 'conditions']);
  const list = Array.isArray(conditions) ? conditions : [];
  const index = list.findIndex((condition) => isRecord(condition) && condition.type === 'Progressing');
  const progressing: unknown = list[index];
  // The Progressing condition's lastUpdateTime is when the rollout completed or gave up.
  const finishedAt = instantAt(progressing, ['lastUpdateTime'], `${field}[${index}].lastUpdateTime`);
  const reason = textAt(progressing, ['reason']);
  if (reason === 'ProgressDeadlineExceeded') return { state: 'failed', finishedAt };
  const replicas = desired(object, 'spec', 'replicas');
  const updated = count(object, 'status', 'updatedReplicas');
  if (replicas !== undefined && updated < replicas)
    return waiting('rollout in progress: replicas being updated');
  if (count(object, 'status', 'replicas') > updated)
    return waiting('rollout in progress: old replicas terminating');
  if (count(object, 'status', 'availableReplicas') < updated)
    return waiting('rollout in progress: replicas not available yet');
  return { state: 'complete', finishedAt };
}

function statefulSetRollout(object: JsonRecord): Rollout {
  const strategy = textAt(object, ['spec', 'updateStrategy', 'type']) ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate')
    return { state: 'none', reason: `${strategy} update strategy has no rollout` };
  if (count(object, 'status', 'observedGeneration') === 0 || !observed(object)) {
    return waiting('rollout in progress: spec update not observed yet');
  }
  const replicas = desired(object, 'spec', 'replicas');
  if (replicas !== undefined && count(object, 'status', 'readyReplicas') < replicas) {
    return waiting('rollout in progress: replicas not ready yet');
  }
  const partition = desired(object, 'spec', 'updateStrategy', 'rollingUpdate', 'partition');
  if (isRecord(valueAt(object, ['spec', 'updateStrategy', 'rollingUpdate']))) {
    if (
      replicas !== undefined &&
      partition !== undefined &&
      count(object, 'status', 'updatedReplicas') < replicas - partition
    ) {
      return waiting('rollout in progress: partitioned replicas being updated');
    }
    return { state: 'complete' };
  }
  if (textAt(object, ['status', 'updateRevision']) !== textAt(object, ['status', 'currentRevision'])) {
    return waiting('rollout in progress: pods not on the update revision yet');
  }
  return { state: 'complete' };
}

function daemonSetRollout(object: JsonRecord): Rollout {
  const strategy = textAt(object, ['spec', 'updateStrategy', 'type']) ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate')
    return { state: 'none', reason: `${strategy} update strategy has no rollout` };
  if (!observed(object)) return waiting('rollout in progress: spec update not observed yet');
  const scheduled = count(object, 'status', 'desiredNumberScheduled');
  if (count(object, 'status', 'updatedNumberScheduled') < scheduled)
    return waiting('rollout in progress: pods being updated');
  if (count(object, 'status', 'numberAvailable') < scheduled)
    return waiting('rollout in progress: pods not available yet');
  return { state: 'complete' };
}

/**
 * Turns the successive states of one workload into at most one deployment per rollout. Pure: the
 * caller keeps the state between calls and passes the clock. A rollout starts when the pod
 * template changes (a scale changes `generation` but not the template, so it is no deployment) and
 * ends when `kubectl rollout status` would say it succeeded or failed (STANDARDS.md §8); the first
 * of the two wins, so a rollout that recovers after its progress deadline is still one failure.
 */
import { rolloutOf } from '../ingest/transformers/rollout.ts';
import { textAt, type JsonRecord } from '../ingest/transformers/fields.ts';
import { templateHash } from './template-hash.ts';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface Tracked {
  hash: string;
  /** Older templates of this object, oldest first (bounded): going back to one is a rollback. */
  history: readonly string[];
  /** The rollout of the current template, until it is reported or given up. */
  rollout?: { startedAt?: string | undefined; rollback: boolean; firstSight: boolean } | undefined;
}

export interface RolloutEnd {
  id: string;
  status: 'success' | 'failure';
  finishedAt: string;
  startedAt?: string | undefined;
  rollback: boolean;
}

const HISTORY = 50;

/**
 * `previous` undefined means the object is seen for the first time (a fresh watcher, or a new
 * object). A rollout already over at first sight is reported only when its end is dated by the
 * object itself (a Deployment's Progressing condition): anything else would date it by the
 * watcher's start, and a StatefulSet's id could differ from the one reported before a restart.
 */
export function observeWorkload(
  kind: WorkloadKind,
  object: JsonRecord,
  previous: Tracked | undefined,
  now: string,
): { next: Tracked; end?: RolloutEnd | undefined } {
  const hash = templateHash(object);
  let next: Tracked;
  if (previous === undefined) {
    next = { hash, history: [], rollout: { rollback: false, firstSight: true } };
  } else if (previous.hash !== hash) {
    const history = [...previous.history.filter((old) => old !== previous.hash), previous.hash];
    next = {
      hash,
      history: history.slice(-HISTORY),
      rollout: { startedAt: now, rollback: previous.history.includes(hash), firstSight: false },
    };
  } else {
    next = previous;
  }
  const rollout = next.rollout;
  if (rollout === undefined) return { next };
  const state = rolloutOf(kind, object, 'status.conditions');
  if (state.state === 'none') return { next: { ...next, rollout: undefined } };
  if (state.state === 'waiting') {
    return { next: rollout.firstSight ? { ...next, rollout: { ...rollout, firstSight: false } } : next };
  }
  const done = { ...next, rollout: undefined };
  if (rollout.firstSight && state.finishedAt === undefined) return { next: done };
  const finishedAt = state.finishedAt ?? now;
  const startedAt =
    rollout.startedAt !== undefined && Date.parse(rollout.startedAt) <= Date.parse(finishedAt)
      ? rollout.startedAt
      : undefined;
  return {
    next: done,
    end: {
      id: rolloutId(kind, object),
      status: state.state === 'complete' ? 'success' : 'failure',
      finishedAt,
      startedAt,
      rollback: rollout.rollback,
    },
  };
}

/**
 * `k8s:<uid>:<revision>`, the same from any watcher at any time for one rollout, so restarts,
 * re-lists and several replicas dedupe on it. Deployments and DaemonSets number their template
 * revisions (a rollback gets a new number); a StatefulSet's update revision is a template hash that
 * repeats on rollback, so its generation at the end of the rollout is used instead.
 */
function rolloutId(kind: WorkloadKind, object: JsonRecord): string {
  const annotation =
    kind === 'Deployment'
      ? 'deployment.kubernetes.io/revision'
      : kind === 'DaemonSet'
        ? 'deprecated.daemonset.template.generation'
        : undefined;
  const revision =
    (annotation === undefined ? undefined : textAt(object, ['metadata', 'annotations', annotation])) ??
    `g${textAt(object, ['metadata', 'generation']) ?? '0'}`;
  return `k8s:${textAt(object, ['metadata', 'uid']) ?? 'unknown'}:${revision}`;
}

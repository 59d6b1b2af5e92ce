/**
 * A deterministic synthetic delivery history for benchmarks: services deploying to production
 * (and staging) over a year, each deployment carrying the commits since the previous one, with
 * occasional failed attempts, incidents, rollbacks and hotfixes.
 */
import {
  emptyEvents,
  type Change,
  type Deployment,
  type Incident,
  type NormalizedEvents,
} from '../src/model/events.ts';

export interface HistoryOptions {
  deployments: number;
  services: number;
  days: number;
  end: number;
  seed?: number;
}

export function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** Batches of events in time order, each about `batchSize` deployments. */
export function* generateHistory(options: HistoryOptions, batchSize = 1000): Generator<NormalizedEvents> {
  const next = random(options.seed ?? 42);
  const start = options.end - options.days * 86_400_000;
  const step = (options.end - start) / options.deployments;
  const heads = new Map<number, string>();
  let batch: NormalizedEvents = emptyEvents();
  for (let i = 0; i < options.deployments; i++) {
    const finished = start + i * step + next() * step * 0.5;
    const service = Math.floor(next() * options.services);
    const commits = 1 + Math.floor(next() * 3);
    let head = heads.get(service);
    for (let c = 0; c < commits; c++) {
      const sha = `${service.toString(16).padStart(4, '0')}${(i * 4 + c).toString(16).padStart(12, '0')}`;
      batch.changes.push(change(sha, head, service, finished - (1 + next() * 72) * 3_600_000));
      head = sha;
    }
    heads.set(service, head!);
    const environment = next() < 0.15 ? 'staging' : 'production';
    const failedAttempt = next() < 0.05;
    const kind = next() < 0.03 ? 'hotfix' : undefined;
    batch.deployments.push(
      deployment(i, service, environment, finished, head!, failedAttempt ? 'failure' : 'success', kind),
    );
    if (environment === 'production' && next() < 0.08)
      batch.incidents.push(incident(i, service, finished, next));
    if (batch.deployments.length >= batchSize) {
      yield batch;
      batch = emptyEvents();
    }
  }
  if (batch.deployments.length > 0) yield batch;
}

const iso = (ms: number) => new Date(ms).toISOString();

function change(sha: string, parent: string | undefined, service: number, committed: number): Change {
  return {
    repository: `bench/svc-${service}`,
    sha,
    parents: parent ? [parent] : [],
    committed_at: iso(committed),
  };
}

function deployment(
  i: number,
  service: number,
  environment: string,
  finished: number,
  commit: string,
  status: 'success' | 'failure',
  kind: 'hotfix' | undefined,
): Deployment {
  return {
    source: 'bench',
    external_id: `d${i}`,
    service: `svc-${service}`,
    environment,
    status,
    finished_at: iso(finished),
    commit,
    version: `v${i}`,
    kind,
    team: `team-${service % 4}`,
    application: `app-${service % 3}`,
  };
}

function incident(i: number, service: number, finished: number, next: () => number): Incident {
  const started = finished + next() * 3_600_000;
  return {
    source: 'bench',
    external_id: `i${i}`,
    service: `svc-${service}`,
    started_at: iso(started),
    resolved_at: iso(started + (0.2 + next() * 5) * 3_600_000),
  };
}

/**
 * Attribution within a stream (one service in one environment), DESIGN.md §3. Everything here is
 * derived and rebuildable, and is recomputed from the earliest instant an event touched, so the
 * result does not depend on the order events arrived in.
 */
import type { Queryable } from './db.ts';

export interface StreamKey {
  service: string;
  environment: string;
}

/** Serializes concurrent recomputation of one stream across replicas for the transaction. */
export async function lockStream(tx: Queryable, stream: StreamKey): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`${stream.service}\n${stream.environment}`]);
}

/**
 * Effective kind: the source's kind, else an inferred rollback: a deployment that goes back to a
 * version first deployed before the version running until then. A redeploy of the running version
 * is not a rollback, nor is rolling forward again to a version that had been rolled back.
 */
export async function updateEffectiveKinds(tx: Queryable, stream: StreamKey, since: Date): Promise<void> {
  await tx.query(
    `update deployments d set effective_kind = coalesce(d.kind, case when
         (select min(f.finished_at) from deployments f
           where f.service = d.service and f.environment = d.environment and f.status = 'success'
             and f.version = d.version) <
         (select min(f.finished_at) from deployments f
           where f.service = d.service and f.environment = d.environment and f.status = 'success'
             and f.version = (
               select p.version from deployments p
                where p.service = d.service and p.environment = d.environment and p.status = 'success'
                  and (p.finished_at, p.id) < (d.finished_at, d.id)
                order by p.finished_at desc, p.id desc limit 1))
       then 'rollback' else 'standard' end)
      where d.service = $1 and d.environment = $2 and d.finished_at >= $3`,
    [stream.service, stream.environment, since],
  );
}

/** A deployment was remediated when the next successful one of its stream is a rollback or hotfix. */
export async function updateRemediations(tx: Queryable, stream: StreamKey, since: Date): Promise<void> {
  await tx.query(
    `update deployments d set remediated_at = (
         select case when n.effective_kind in ('rollback', 'hotfix') then n.finished_at end
           from deployments n
          where n.service = d.service and n.environment = d.environment and n.status = 'success'
            and (n.finished_at, n.id) > (d.finished_at, d.id)
          order by n.finished_at, n.id limit 1)
      where d.service = $1 and d.environment = $2 and d.status = 'success'
        and d.finished_at >= coalesce((select max(p.finished_at) from deployments p
              where p.service = $1 and p.environment = $2 and p.status = 'success' and p.finished_at < $3), $3)`,
    [stream.service, stream.environment, since],
  );
}

/** Successful deployments of the stream from `since`, in stream order. */
export async function selectStreamDeployments(
  tx: Queryable,
  stream: StreamKey,
  since: Date,
): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(
    `select id::float8 as id from deployments
      where service = $1 and environment = $2 and status = 'success' and finished_at >= $3
      order by finished_at, id`,
    [stream.service, stream.environment, since],
  );
  return rows.map((row) => row.id);
}

/**
 * What a deployment contains: its explicit commits; else the commits reachable from its head
 * through recorded parents that no earlier deployment of the stream contains (the git range
 * against what was deployed before; a first deployment takes all that is reachable); a head
 * whose graph is unknown stands for itself. The walk stops at already-deployed commits, so its
 * cost is the size of the range, not of the history.
 */
export async function updateContainedChanges(tx: Queryable, deploymentId: number): Promise<void> {
  await tx.query('delete from deployment_changes where deployment_id = $1', [deploymentId]);
  await tx.query(
    `with recursive d as (
       select id, service, environment, finished_at, head_commit, commits from deployments where id = $1),
     walk(sha) as (
       select d.head_commit from d
        where d.commits is null and d.head_commit is not null and not exists (
          select 1 from deployment_changes e where e.sha = d.head_commit and e.service = d.service
             and e.environment = d.environment and (e.finished_at, e.deployment_id) < (d.finished_at, d.id))
       union
       select p.sha from walk w
         join changes c on c.sha = w.sha
         cross join lateral unnest(c.parents) as p(sha)
         cross join d
        where not exists (
          select 1 from deployment_changes e where e.sha = p.sha and e.service = d.service
             and e.environment = d.environment and (e.finished_at, e.deployment_id) < (d.finished_at, d.id)))
     insert into deployment_changes (deployment_id, sha, service, environment, finished_at)
     select d.id, x.sha, d.service, d.environment, d.finished_at
       from d, (select sha from walk union select unnest(commits) from d) x
     on conflict do nothing`,
    [deploymentId],
  );
}

/** Streams holding a deployment that contains one of these commits, with the earliest such finish. */
export async function selectStreamsContaining(
  tx: Queryable,
  shas: readonly string[],
): Promise<(StreamKey & { since: Date })[]> {
  if (shas.length === 0) return [];
  return tx.query(
    `select service, environment, min(finished_at) as since from deployment_changes
      where sha = any($1::text[]) group by service, environment`,
    [shas],
  );
}

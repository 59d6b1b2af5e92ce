/**
 * One long stream (service `api` in `production`) over a background of other services, and a
 * deployment that arrives after all of it though it finished before: the case that recomputes the
 * whole stream (DESIGN.md §3). Shared by the scale test (test/store/stream-recompute-scale.test.ts) and `bench/stream-recompute.ts`.
 *
 * Deployment i finishes at minute i and deploys commit c<i>, whose parent is c<i-1> (a linear
 * history); every tenth (i % 10 = 7) failed; every fiftieth (i % 50 = 49) redeploys the version of
 * deployment i - 3 (an inferred rollback); every 97th is a hotfix by its source's word.
 */
import type { Deployment } from '../src/model/events.ts';
import { storeEvents } from '../src/service/ingest/store-events.ts';
import type { Db, Queryable } from '../src/store/db.ts';

const START = Date.parse('2026-01-01T00:00:00Z');
const at = (minute: number) => new Date(START + minute * 60_000).toISOString();

export const streamDeployment = (i: number): Deployment => ({
  source: 'bench',
  external_id: `d${i}`,
  service: 'api',
  environment: 'production',
  status: i % 10 === 7 ? 'failure' : 'success',
  finished_at: at(i),
  version: i % 50 === 49 ? `v${i - 3}` : `v${i}`,
  repository: 'acme/api',
  commit: `c${i}`,
  kind: i % 97 === 0 ? 'hotfix' : undefined,
});

/** Finished a minute before deployment 0, deploying its commit and the version of deployment 5. */
export const lateDeployment: Deployment = {
  ...streamDeployment(0),
  external_id: 'late',
  finished_at: at(-1),
  version: 'v5',
  kind: undefined,
};

/**
 * Deployments `from` to `to` - 1 of the stream, with their commits, written straight into the
 * tables (a statement per table) with the derived columns attribution would give them: a walk of
 * 30,000 through ingest took minutes on PGlite. Each success contains its commit and, after a
 * failure, the failed one's; the next success's kind says whether it was remediated.
 */
export async function loadStream(db: Db, from: number, to: number): Promise<void> {
  const range = [from, to - 1, new Date(START)];
  await db.query(
    `insert into changes (sha, repository, parents, committed_at)
     select 'c' || i, 'acme/api', case when i > 0 then array['c' || (i - 1)] else '{}' end,
            $3::timestamptz + (i - 0.5) * interval '1 minute'
       from generate_series($1::int, $2::int) as i`,
    range,
  );
  await db.query(
    `insert into deployments (source, external_id, service, environment, status, finished_at, version, repository,
                              head_commit, kind, is_production, effective_kind)
     select 'bench', 'd' || i, 'api', 'production', case when i % 10 = 7 then 'failure' else 'success' end,
            $3::timestamptz + i * interval '1 minute', 'v' || case when i % 50 = 49 then i - 3 else i end,
            'acme/api', 'c' || i, case when i % 97 = 0 then 'hotfix' end, true,
            case when i % 97 = 0 then 'hotfix' when i % 50 = 49 then 'rollback' else 'standard' end
       from generate_series($1::int, $2::int) as i`,
    range,
  );
  await db.query(
    `insert into deployment_changes (deployment_id, sha, service, environment, finished_at, first_production,
                                     committed_at)
     select d.id, 'c' || k, 'api', 'production', d.finished_at, true,
            $3::timestamptz + (k - 0.5) * interval '1 minute'
       from generate_series($1::int, $2::int) as i
       join deployments d on d.source = 'bench' and d.external_id = 'd' || i
       cross join lateral (values (i), (case when i % 10 = 8 then i - 1 end)) as v(k)
      where i % 10 <> 7 and k is not null`,
    range,
  );
  await db.query(
    `update deployments d set remediated_at = n.remediated_at
       from (select id, case when lead(effective_kind) over w <> 'standard' then lead(finished_at) over w end
                      as remediated_at
               from deployments where service = 'api' and environment = 'production' and status = 'success'
             window w as (order by finished_at, id)) n
      where d.id = n.id and d.remediated_at is distinct from n.remediated_at`,
  );
  await db.query(`insert into services (name) values ('api') on conflict do nothing`);
}

/** `count` deployments spread over 100 other services, so the stream is a small part of the table. */
export async function loadBackground(db: Db, count: number): Promise<void> {
  await db.query(
    `insert into deployments (source, external_id, service, environment, status, finished_at, version, is_production)
     select 'bench', 'b' || i, 'svc-' || (i % 100), 'production', 'success',
            $2::timestamptz + i * interval '1 minute', 'v' || i, true
       from generate_series(0, $1::int - 1) as i`,
    [count, new Date(START)],
  );
  await db.query(
    `insert into services (name) select distinct service from deployments on conflict do nothing`,
  );
}

/**
 * Stores the late deployment as ingest does, inspects the result, and rolls it all back. Timed as
 * wall time and as this process's CPU time (all of PGlite's work, none of PostgreSQL's).
 */
export async function storeLateAndRollBack<T>(
  db: Db,
  inspect: (tx: Queryable) => Promise<T>,
): Promise<{ ms: number; cpuMs: number; result: T }> {
  let result: T | undefined;
  let ms = 0;
  let cpuMs = 0;
  await db
    .transaction(
      async (tx) => {
        const started = performance.now();
        const cpuStarted = process.cpuUsage();
        await storeEvents(tx, [{ changes: [], deployments: [lateDeployment], incidents: [], artifacts: [] }]);
        ms = performance.now() - started;
        const cpu = process.cpuUsage(cpuStarted);
        cpuMs = (cpu.user + cpu.system) / 1000;
        result = await inspect(tx);
        throw ROLLBACK;
      },
      { prepare: true },
    )
    .catch((error: unknown) => {
      if (error !== ROLLBACK) throw error;
    });
  return { ms, cpuMs, result: result as T };
}

const ROLLBACK = new Error('rollback');

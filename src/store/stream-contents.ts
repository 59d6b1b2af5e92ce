/**
 * What successful deployments contain (DESIGN.md §3.2): their explicit commits; else the commits
 * reachable from the head through recorded parents that no earlier deployment of the stream
 * contains (the git range against what was deployed before; a first deployment takes all that is
 * reachable); a head whose graph is unknown stands for itself.
 */
import type { Queryable } from './db.ts';
import type { StreamRows, StreamSuccess } from './streams.ts';
import { walkStream } from './stream-walk.ts';

/**
 * Rebuilds the contents of the successes `updateStreamDeployments` recomputed (it removed their
 * old rows). Explicit lists depend on nothing else, so they are stored first, all at once. Then
 * the graph reachable from the walked heads is read once per stream, each commit once, stopping
 * at commits held before the recomputed range; the walks run over it in TypeScript, in stream
 * order (`walkStream`), and their rows are stored by one statement. Returns the commits whose rows
 * were removed or added.
 */
export async function updateStreamContents(
  tx: Queryable,
  { successes, removed }: Pick<StreamRows, 'successes' | 'removed'>,
): Promise<string[]> {
  const listed = await insertExplicitContents(
    tx,
    successes.filter((d) => d.explicit).map((d) => d.id),
  );
  const graphs = await selectStreamGraphs(tx, successes);
  const byStream = new Map<string, StreamSuccess[]>();
  for (const success of successes) {
    const key = streamKey(success);
    byStream
      .set(key, byStream.get(key) ?? [])
      .get(key)!
      .push(success);
  }
  const walked = [...byStream].flatMap(([key, stream]) =>
    walkStream(
      stream.map((d) => ({ ...d, listed: d.explicit ? (listed.get(d.id) ?? []) : null })),
      graphs.get(key) ?? new Map(),
    ),
  );
  const inserted = await insertWalkedContents(tx, walked);
  return [...new Set([...removed, ...[...listed.values()].flat(), ...inserted])];
}

const streamKey = (s: { service: string; environment: string }) => `${s.service}\n${s.environment}`;

/** The commits each deployment lists, stored; a repeated commit counts once. By deployment id. */
async function insertExplicitContents(tx: Queryable, ids: readonly number[]): Promise<Map<number, string[]>> {
  const listed = new Map<number, string[]>();
  if (ids.length === 0) return listed;
  const rows = await tx.query<{ id: number; sha: string }>(
    `insert into deployment_changes (deployment_id, sha, service, environment, finished_at, ${CHANGE_TIMES},
                                     first_production)
     select d.id, x.sha, d.service, d.environment, d.finished_at, ${changeTimesOf('c')},
            ${firstProductionSoFar('d.id', 'd', 'x.sha')}
       from deployments d
       cross join lateral (select distinct sha from unnest(d.commits) as u(sha)) x
       left join changes c on c.sha = x.sha
      where d.id = any($1::bigint[])
     returning deployment_id::float8 as id, sha`,
    [ids],
  );
  for (const { id, sha } of rows)
    listed
      .set(id, listed.get(id) ?? [])
      .get(id)!
      .push(sha);
  return listed;
}

/**
 * Per stream, the commits reachable from its walked heads, with their parents, not passing commits
 * held by a deployment before the stream's `since` (whose rows were kept). `union` visits each
 * commit of a stream once however many heads reach it; the lateral subqueries (`offset 0`) keep
 * each lookup an index probe, where a join could hash all of `changes`.
 */
async function selectStreamGraphs(
  tx: Queryable,
  successes: readonly StreamSuccess[],
): Promise<Map<string, Map<string, string[] | null>>> {
  const heads = successes.filter((d) => !d.explicit && d.head_commit !== null);
  const graphs = new Map<string, Map<string, string[] | null>>();
  if (heads.length === 0) return graphs;
  const rows = await tx.query<{
    service: string;
    environment: string;
    sha: string;
    parents: string[] | null;
  }>(
    `with recursive walk(service, environment, since, sha, parents) as (
       select h.service, h.environment, h.since, h.sha, c.parents
         from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) as h(service, environment, since, sha)
         left join lateral (select parents from changes where sha = h.sha offset 0) c on true
        where ${heldBeforeSince('h', 'h.sha')} is null
       union
       select w.service, w.environment, w.since, p.sha, c.parents
         from walk w
         cross join lateral unnest(w.parents) as p(sha)
         left join lateral (select parents from changes where sha = p.sha offset 0) c on true
        where ${heldBeforeSince('w', 'p.sha')} is null)
     select service, environment, sha, parents from walk`,
    [
      heads.map((d) => d.service),
      heads.map((d) => d.environment),
      heads.map((d) => d.since),
      heads.map((d) => d.head_commit),
    ],
  );
  for (const row of rows) {
    const key = streamKey(row);
    const graph = graphs.get(key) ?? new Map<string, string[] | null>();
    graphs.set(key, graph.set(row.sha, row.parents));
  }
  return graphs;
}

/**
 * Whether a deployment of the stream before its `since` holds the commit. A scalar subquery with
 * LIMIT stays an index probe (deployment_changes_sha) per commit; an anti-join would hash the table.
 */
const heldBeforeSince = (w: string, sha: string) => `(select 1 from deployment_changes e
  where e.sha = ${sha} and e.service = ${w}.service and e.environment = ${w}.environment
    and e.finished_at < ${w}.since limit 1)`;

/** Stores the walked rows; each lookup stays an index probe, however many rows come. */
async function insertWalkedContents(tx: Queryable, pairs: readonly [number, string][]): Promise<string[]> {
  if (pairs.length === 0) return [];
  const rows = await tx.query<{ sha: string }>(
    `insert into deployment_changes (deployment_id, sha, service, environment, finished_at, ${CHANGE_TIMES},
                                     first_production)
     select d.id, x.sha, d.service, d.environment, d.finished_at, ${changeTimesOf('c')},
            ${firstProductionSoFar('d.id', 'd', 'x.sha')}
       from unnest($1::bigint[], $2::text[]) as x(deployment_id, sha)
       cross join lateral (
         select id, service, environment, finished_at, is_production from deployments where id = x.deployment_id
         offset 0) d
       left join lateral (select * from changes where sha = x.sha offset 0) c on true
     returning sha`,
    [pairs.map(([id]) => id), pairs.map(([, sha]) => sha)],
  );
  return rows.map((row) => row.sha);
}

/**
 * Whether the row is its commit's first production one in its service, as far as the rows already
 * stored tell. Most new rows are, and writing the mark with the row spares rewriting every such
 * row at once (an update that touches the partial indexes, so not a HOT one) in the statement that
 * follows. That statement (FIRST_PRODUCTION, first-deployments.ts) still decides: it also sees the
 * rows inserted together and the later deployments that arrived first, and corrects them.
 */
const firstProductionSoFar = (id: string, d: string, sha: string) => `(${d}.is_production and not exists (
  select 1 from deployment_changes e join deployments p on p.id = e.deployment_id
   where e.sha = ${sha} and e.service = ${d}.service and p.is_production
     and (e.finished_at, e.deployment_id) < (${d}.finished_at, ${id})))`;

/** The commit's times each row carries for lead time (migration 0008); null until the commit is known. */
const CHANGE_TIMES = 'committed_at, pr_opened_at, pr_first_review_at, pr_approved_at, pr_merged_at';
const changeTimesOf = (c: string) =>
  `coalesce(${c}.committed_at, ${c}.authored_at), ${c}.pr_opened_at, ${c}.pr_first_review_at, ${c}.pr_approved_at, ${c}.pr_merged_at`;

/**
 * The git ranges of a stream's successful deployments (DESIGN.md §3.2), walked one deployment
 * after another in stream order over a commit graph read once: each walk stops at what a
 * deployment before it holds, so every commit is visited once per stream. Walking them all at
 * once, each to the start of the history, was quadratic in the deployments recomputed (a
 * deployment older than 1,000 others on a linear history: 13.6 s on PostgreSQL).
 */

export interface WalkedDeployment {
  id: number;
  /** Null: the deployment names no commit, so it contains nothing. */
  head_commit: string | null;
  /** The commits it lists explicitly (stored apart), or null when its range is walked. */
  listed: readonly string[] | null;
}

/**
 * The commits reachable from the recomputed heads, with their parents (null: unknown), leaving
 * out those held by a deployment before the recomputed range: a walk stops there, as at any
 * commit missing from the map.
 */
export type CommitGraph = ReadonlyMap<string, readonly string[] | null>;

/**
 * The [deployment id, sha] pairs the walked deployments contain, given the successes of one stream
 * in stream order. A head missing from the graph is held before (it contains nothing); a head
 * whose parents are unknown stands for itself. Listed commits count as held from their
 * deployment on.
 */
export function walkStream(successes: readonly WalkedDeployment[], graph: CommitGraph): [number, string][] {
  const held = new Set<string>();
  const contents: [number, string][] = [];
  for (const deployment of successes) {
    if (deployment.listed !== null) {
      for (const sha of deployment.listed) held.add(sha);
      continue;
    }
    const pending = deployment.head_commit === null ? [] : [deployment.head_commit];
    for (let sha = pending.pop(); sha !== undefined; sha = pending.pop()) {
      if (held.has(sha) || !graph.has(sha)) continue;
      held.add(sha);
      contents.push([deployment.id, sha]);
      pending.push(...(graph.get(sha) ?? []));
    }
  }
  return contents;
}

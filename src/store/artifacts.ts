import type { ArtifactLink } from '../model/events.ts';
import type { Queryable } from './db.ts';
import type { InsertedDeployment } from './deployments.ts';
import { asJsonParam } from './records.ts';

/** Records which commit each artifact was built from; a later report of the same artifact replaces it. */
export async function upsertArtifacts(tx: Queryable, links: readonly ArtifactLink[]): Promise<string[]> {
  const byId = new Map(links.map((link) => [link.artifact, link]));
  if (byId.size === 0) return [];
  const rows = await tx.query<{ id: string }>(
    `insert into artifacts as a (id, commit, repository)
     select artifact, commit, repository
       from jsonb_to_recordset($1::text::jsonb) as r(artifact text, commit text, repository text)
     on conflict (id) do update set commit = excluded.commit,
                                    repository = coalesce(excluded.repository, a.repository)
       where (a.commit, a.repository) is distinct from (excluded.commit, coalesce(excluded.repository, a.repository))
     returning id`,
    // Sorted so that two replicas upserting overlapping batches lock rows in the same order.
    [asJsonParam([...byId.values()].sort((a, b) => (a.artifact < b.artifact ? -1 : 1)))],
  );
  return rows.map((row) => row.id);
}

/**
 * Deployments stored before their artifact's link learn their commit now. Only those that named
 * no commit of their own: an explicit commit is the sender's word.
 */
export async function updateDeploymentCommitsFromArtifacts(
  tx: Queryable,
  artifactIds: readonly string[],
): Promise<InsertedDeployment[]> {
  if (artifactIds.length === 0) return [];
  return tx.query<InsertedDeployment>(
    `update deployments d set head_commit = a.commit
       from artifacts a
      where a.id = any($1::text[]) and d.artifact = a.id and d.commit_from_artifact
        and d.head_commit is distinct from a.commit
      returning d.id::float8 as id, d.service, d.environment, d.finished_at, d.source, d.external_id`,
    [artifactIds],
  );
}

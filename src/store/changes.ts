import type { Change } from '../model/events.ts';
import type { Queryable } from './db.ts';
import { asJsonParam } from './records.ts';

export interface UpsertedChanges {
  /** Shas stored for the first time or with new information; the rest were duplicates. */
  stored: string[];
  /** Shas whose recorded parents changed with this batch: ranges that walked through them may change. */
  graphChanged: string[];
}

/**
 * A commit may be reported several times (a push, then its pull request); later reports fill in
 * what earlier ones lacked and never erase a known value; the first review is the earliest reported.
 * Commit and author times are facts of the commit: the first report of them stands.
 */
export async function upsertChanges(tx: Queryable, changes: readonly Change[]): Promise<UpsertedChanges> {
  const bySha = new Map<string, Change>();
  for (const change of changes)
    bySha.set(change.sha, { ...bySha.get(change.sha), ...definedOnly(change) } as Change);
  if (bySha.size === 0) return { stored: [], graphChanged: [] };
  const before = await tx.query<{ sha: string; parents: string[] | null }>(
    'select sha, parents from changes where sha = any($1::text[])',
    [[...bySha.keys()]],
  );
  const stored = await tx.query<{ sha: string }>(
    `with stored as (
     insert into changes as c (sha, repository, repository_url, parents, committed_at, authored_at, author, message,
       service, pr_number, pr_opened_at, pr_first_review_at, pr_approved_at, pr_merged_at, pr_merge_sha)
     select sha, repository, repository_url, parents, committed_at, authored_at, author, message, service,
            (pr->>'number')::int, (pr->>'opened_at')::timestamptz, (pr->>'first_review_at')::timestamptz,
            (pr->>'approved_at')::timestamptz, (pr->>'merged_at')::timestamptz, pr->>'merge_sha'
       from jsonb_to_recordset($1::text::jsonb) as r(sha text, repository text, repository_url text, parents text[],
         committed_at timestamptz, authored_at timestamptz, author text, message text, service text, pr jsonb)
     on conflict (sha) do update set
       repository_url = coalesce(excluded.repository_url, c.repository_url),
       parents = coalesce(excluded.parents, c.parents),
       committed_at = coalesce(c.committed_at, excluded.committed_at),
       authored_at = coalesce(c.authored_at, excluded.authored_at),
       author = coalesce(excluded.author, c.author),
       message = coalesce(excluded.message, c.message),
       service = coalesce(excluded.service, c.service),
       pr_number = coalesce(excluded.pr_number, c.pr_number),
       pr_opened_at = coalesce(excluded.pr_opened_at, c.pr_opened_at),
       pr_first_review_at = least(excluded.pr_first_review_at, c.pr_first_review_at),
       pr_approved_at = coalesce(excluded.pr_approved_at, c.pr_approved_at),
       pr_merged_at = coalesce(excluded.pr_merged_at, c.pr_merged_at),
       pr_merge_sha = coalesce(excluded.pr_merge_sha, c.pr_merge_sha)
     where (c.repository_url, c.parents, c.committed_at, c.authored_at, c.author, c.message, c.service, c.pr_number, c.pr_opened_at,
            c.pr_first_review_at, c.pr_approved_at, c.pr_merged_at, c.pr_merge_sha)
           is distinct from
           (coalesce(excluded.repository_url, c.repository_url), coalesce(excluded.parents, c.parents),
            coalesce(c.committed_at, excluded.committed_at),
            coalesce(c.authored_at, excluded.authored_at), coalesce(excluded.author, c.author),
            coalesce(excluded.message, c.message), coalesce(excluded.service, c.service),
            coalesce(excluded.pr_number, c.pr_number), coalesce(excluded.pr_opened_at, c.pr_opened_at),
            least(excluded.pr_first_review_at, c.pr_first_review_at),
            coalesce(excluded.pr_approved_at, c.pr_approved_at), coalesce(excluded.pr_merged_at, c.pr_merged_at),
            coalesce(excluded.pr_merge_sha, c.pr_merge_sha))
     returning c.*),
     -- The copies lead time reads (migration 0008), kept in the statement that changes their source.
     copied as (
     update deployment_changes dc
        set committed_at = coalesce(s.committed_at, s.authored_at), pr_opened_at = s.pr_opened_at,
            pr_first_review_at = s.pr_first_review_at, pr_approved_at = s.pr_approved_at,
            pr_merged_at = s.pr_merged_at
       from stored s
      where dc.sha = s.sha
        and (dc.committed_at, dc.pr_opened_at, dc.pr_first_review_at, dc.pr_approved_at, dc.pr_merged_at)
            is distinct from
            (coalesce(s.committed_at, s.authored_at), s.pr_opened_at, s.pr_first_review_at, s.pr_approved_at,
             s.pr_merged_at))
     select sha from stored`,
    [
      asJsonParam(
        // Sorted so that two replicas upserting overlapping batches lock rows in the same order.
        [...bySha.values()]
          .sort((a, b) => (a.sha < b.sha ? -1 : 1))
          .map(({ pull_request, ...change }) => ({ ...change, pr: pull_request })),
      ),
    ],
  );
  const known = new Map(before.map((row) => [row.sha, row.parents]));
  const parentsChanged = (sha: string) => {
    const parents = bySha.get(sha)?.parents;
    return parents !== undefined && known.get(sha)?.join(' ') !== parents.join(' ');
  };
  const shas = [...bySha.keys()];
  return {
    stored: stored.map((row) => row.sha),
    graphChanged: shas.filter(parentsChanged),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

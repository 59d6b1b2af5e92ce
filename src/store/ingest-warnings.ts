/**
 * Events a batch stored that will not count, found by one statement over the rows just written
 * (after attribution) and recorded in `ingest_warnings` by the same statement, newest few thousand
 * kept. Lead time joins a deployment's commits to changes by their exact sha (stream-contents.ts),
 * so a commit that names no stored change contributes nothing until one with that very sha arrives.
 */
import type { Queryable } from './db.ts';
import { asJsonParam } from './records.ts';

export type WarningCode =
  'not_production' | 'commit_abbreviated' | 'commit_unknown' | 'incident_unattributed';

/** An event of a batch, by the request that carried it and its place among that request's rows. */
export interface WarningProbe {
  request: number;
  kind: 'deployment' | 'incident';
  index: number;
  source: string;
  external_id: string;
}

export interface WarningFact extends WarningProbe {
  code: WarningCode;
  detail: Record<string, unknown>;
}

export interface StoredWarning {
  received_at: Date;
  code: WarningCode;
  kind: 'deployment' | 'incident';
  source: string;
  external_id: string;
  detail: Record<string, unknown>;
}

/** Rows kept in `ingest_warnings`: enough for doctor and a look back, never a growing table. */
const KEPT_WARNINGS = 2000;

/** A short hex string: a git abbreviation (git's shortest is 4) rather than a full SHA-1 or SHA-256. */
const ABBREVIATION = `'^[0-9a-fA-F]{4,39}$'`;

export async function insertIngestWarnings(
  tx: Queryable,
  probes: readonly WarningProbe[],
): Promise<WarningFact[]> {
  if (probes.length === 0) return [];
  return tx.query<WarningFact>(
    `with probe as (
       select * from jsonb_to_recordset($1::text::jsonb)
           as p(request int, kind text, index int, source text, external_id text)),
     dep as (
       select p.request, p.kind, p.index, p.source, p.external_id, d.service, d.environment, d.status,
              d.is_production, d.production_hint, d.head_commit, d.commits
         from probe p join deployments d on d.source = p.source and d.external_id = p.external_id
        where p.kind = 'deployment'),
     found as (
       select p.request, p.kind, p.index, p.source, p.external_id, 'not_production' as code,
              jsonb_build_object('service', p.service, 'environment', p.environment,
                'pattern', coalesce(s.production_pattern, g.production_pattern),
                'pattern_of_service', s.production_pattern is not null,
                'production_environments', coalesce(s.production_environments, '{}'),
                'source_says', p.production_hint) as detail
         from dep p cross join settings g left join services s on s.name = p.service
        where not p.is_production
       union all
       select p.request, p.kind, p.index, p.source, p.external_id,
              case when m.sha is not null or x.sha ~ ${ABBREVIATION} then 'commit_abbreviated'
                   else 'commit_unknown' end,
              jsonb_build_object('service', p.service, 'commit', x.sha, 'full_sha', m.sha)
         from dep p
         cross join lateral unnest(case when cardinality(p.commits) > 0 then p.commits
                                        else array[p.head_commit] end) as x(sha)
         left join lateral (
           -- The range keeps it an index probe; starts_with keeps it exact under any collation.
           select c.sha from changes c
            where x.sha ~ ${ABBREVIATION} and c.sha >= x.sha and c.sha < x.sha || 'g' and starts_with(c.sha, x.sha)
            limit 1) m on true
        where p.is_production and p.status = 'success' and x.sha is not null
          and not exists (select 1 from changes c where c.sha = x.sha)
       union all
       select p.request, p.kind, p.index, p.source, p.external_id, 'incident_unattributed',
              jsonb_build_object('title', i.title)
         from probe p join incidents i on i.source = p.source and i.external_id = p.external_id
        where p.kind = 'incident' and i.service is null and i.deployment_id is null),
     stored as (
       insert into ingest_warnings (code, kind, source, external_id, detail)
       select code, kind, source, external_id, detail from found),
     -- skip locked: two replicas trimming at once never wait for (or deadlock on) each other's rows.
     trimmed as (
       delete from ingest_warnings
        where id in (select id from ingest_warnings
                      where exists (select 1 from found)
                        and id <= (select max(id) from ingest_warnings) - ${KEPT_WARNINGS}
                      for update skip locked))
     select request, kind, index, source, external_id, code, detail from found
      order by request, kind, index`,
    [asJsonParam(probes)],
  );
}

/** The newest warnings first, received since `since`. */
export async function selectRecentWarnings(
  db: Queryable,
  since: Date,
  limit: number,
): Promise<StoredWarning[]> {
  return db.query<StoredWarning>(
    `select received_at, code, kind, source, external_id, detail
       from ingest_warnings where received_at >= $1 order by id desc limit $2`,
    [since, limit],
  );
}

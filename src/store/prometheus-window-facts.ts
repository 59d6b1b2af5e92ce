/**
 * What the window gauges of the exposition read, for every (service, environment) at once: the
 * selections of metric-facts.ts with `service` and `environment` as group keys instead of filters,
 * so each group holds the rows `/api/v1/metrics?service=S&environment=E` reads for the same window.
 */
import type { IncidentFact } from '../model/facts.ts';
import type { Queryable } from './db.ts';
import { COUNTED, epochMs, factParams, PRODUCTION_INCIDENT, streamChangeFactsQuery } from './metric-facts.ts';

export interface StreamKey {
  service: string;
  environment: string;
}

export interface StreamLeadTimeMedian extends StreamKey {
  /** Seconds; null when no change of the stream has a lead time in the window. */
  median: number | null;
}

export type StreamIncidentFact = StreamKey & IncidentFact;

/**
 * The lead-time median per stream, bit for bit selectLeadTimeStats' for that stream's filter: the
 * same change rows (changeFactsQuery with an environment: its first deployment there), the same
 * float8 duration and the same `percentile_cont` call, grouped.
 */
export async function selectLeadTimeMedians(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<StreamLeadTimeMedian[]> {
  return db.query<StreamLeadTimeMedian>(
    `with durations as materialized (
       select service, environment, ("deployedAt" - "committedAt") / 1000 as lead from (${streamChangeFactsQuery}) facts)
     select service, environment,
            (percentile_cont(array[0.5, 0.75, 0.9]) within group (order by lead) filter (where lead >= 0))[1]
              as median
       from durations group by service, environment`,
    factParams({ from, to }),
  );
}

/** selectIncidentFacts' rows for every stream: an environment filter leaves out the incidents naming none. */
export async function selectStreamIncidentFacts(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<StreamIncidentFact[]> {
  return db.query<StreamIncidentFact>(
    `select i.service, i.environment,
            ${epochMs('i.started_at')} as "startedAt", ${epochMs('i.resolved_at')} as "resolvedAt"
       from incidents i
       left join services s on s.name = i.service
       cross join settings g
      where i.resolved_at >= $1 and i.resolved_at < $2 and ${COUNTED}
        and i.service is not null and i.environment is not null and ${PRODUCTION_INCIDENT}`,
    [from, to],
  );
}

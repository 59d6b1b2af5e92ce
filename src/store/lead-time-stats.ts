/**
 * Lead time's statistics for a whole window, aggregated in SQL. Shipping the window's changes to
 * compute them in JavaScript cost more than the query: at 100k deployments the 90-day window holds
 * 37k changes (seven spans each), at 1M 370k. Computed here, one row comes back.
 *
 * Bit for bit what metrics/lead-time.ts computes from the same facts (test/store/lead-time-stats):
 * each duration is the same float8 arithmetic on the same epoch milliseconds; `percentile_cont` is
 * the interpolation stats.ts copies; the mean sums in ascending order, as stats.ts does: in scan
 * order, a team's mean summed its services one by one when filtered and interleaved when grouped,
 * and the two differed in the last bits.
 */
import { LEAD_TIME_SPANS, type LeadTimeSpan, type LeadTimeStats, type SpanStats } from '../model/facts.ts';
import type { Db, Queryable } from './db.ts';
import { changeFactsQuery, factParams, type FactFilter } from './metric-facts.ts';

const SPANS = Object.keys(LEAD_TIME_SPANS) as LeadTimeSpan[];

const duration = (span: LeadTimeSpan) => {
  const [start, end] = LEAD_TIME_SPANS[span];
  return `("${end}" - "${start}") / 1000 as ${span}`;
};

/** A span's statistics as JSON; a null duration (an end unknown) is neither measured nor excluded. */
const statistics = (span: LeadTimeSpan) => `json_build_object(
    'n', count(${span}) filter (where ${span} >= 0),
    'excluded', count(${span}) filter (where ${span} < 0),
    'quantiles', percentile_cont(array[0.5, 0.75, 0.9]) within group (order by ${span}) filter (where ${span} >= 0),
    'mean', avg(${span} order by ${span}) filter (where ${span} >= 0)) as ${span}`;

/** A change that came through a pull request: its opening or its merge is known (lead-time.ts). */
const PULL_REQUEST = `("prOpenedAt" is not null or "mergedAt" is not null) as pull_request`;
const WITH_PULL_REQUEST = `count(*) filter (where lead >= 0 and pull_request)::int as with_pull_request`;

interface SpanRow {
  n: number;
  excluded: number;
  quantiles: [number, number, number] | null;
  mean: number | null;
}

/**
 * Where the database runs statements side by side (PostgreSQL's pool), the spans are split over
 * two statements that run at once, each scanning the window for its own columns: the seven sorts
 * are most of the time (100k deployments, 90 days: 47 ms as one statement, 28 ms as 3 + 4 spans,
 * 37 ms as three statements). On PGlite, one thread, that would only scan twice.
 */
const SPLIT = [SPANS.slice(0, 3), SPANS.slice(3)];

/** What a grouped answer groups by: a change's service, or its service's catalog team or application. */
export type StatsGroupBy = 'service' | 'team' | 'application';
const GROUP_KEY: Record<StatsGroupBy, string> = {
  service: 'facts.service',
  team: 's.team',
  application: 's.application',
};

type StatsRow = Partial<Record<LeadTimeSpan, SpanRow>> & {
  with_pull_request?: number;
  group_key?: string | null;
  /** 1 on the row of the whole window (the empty grouping set), 0 on a group's. */
  total?: number;
};

function statement(filter: FactFilter, spans: LeadTimeSpan[], by: StatsGroupBy | undefined): string {
  // The statement that measures the lead span also counts its changes that had a pull request.
  const counted = spans.includes('lead');
  const key = by === undefined ? '' : `${GROUP_KEY[by]} as group_key, `;
  const from =
    by === undefined
      ? `(${changeFactsQuery(filter)}) facts`
      : `(${changeFactsQuery(filter, 'dc.service, ')}) facts left join services s on s.name = facts.service`;
  // Materialized: inlined, each duration would be recomputed by every aggregate that reads it.
  return `with durations as materialized (
           select ${key}${spans.map(duration).join(', ')}${counted ? `, ${PULL_REQUEST}` : ''}
             from ${from})
         select ${by === undefined ? '' : 'group_key, grouping(group_key) as total, '}${spans.map(statistics).join(',\n  ')}${counted ? `, ${WITH_PULL_REQUEST}` : ''}
           from durations${by === undefined ? '' : ' group by grouping sets ((group_key), ())'}`;
}

async function selectRows(
  db: Queryable & Partial<Pick<Db, 'parallelism'>>,
  filter: FactFilter,
  by: StatsGroupBy | undefined,
): Promise<StatsRow[][]> {
  const groups = (db.parallelism ?? 1) > 1 ? SPLIT : [SPANS];
  return Promise.all(
    groups.map((spans) => db.query<StatsRow>(statement(filter, spans, by), factParams(filter))),
  );
}

const toStats = ({ n, excluded, quantiles, mean }: SpanRow): SpanStats => ({
  n,
  excluded,
  median: quantiles?.[0] ?? null,
  p75: quantiles?.[1] ?? null,
  p90: quantiles?.[2] ?? null,
  mean,
});

function toLeadTimeStats(row: StatsRow): LeadTimeStats {
  const full = row as Record<LeadTimeSpan, SpanRow> & { with_pull_request: number };
  return {
    ...(Object.fromEntries(SPANS.map((span) => [span, toStats(full[span])])) as Record<
      LeadTimeSpan,
      SpanStats
    >),
    withPullRequest: full.with_pull_request,
  };
}

export async function selectLeadTimeStats(
  db: Queryable & Partial<Pick<Db, 'parallelism'>>,
  filter: FactFilter,
): Promise<LeadTimeStats> {
  const rows = await selectRows(db, filter, undefined);
  return toLeadTimeStats(Object.assign({}, ...rows.map((statementRows) => statementRows[0]!)) as StatsRow);
}

/**
 * selectLeadTimeStats for the whole window and for every group in it, from one scan: grouping
 * sets aggregate the same materialized durations per group and in total (100k deployments, 200
 * services, 90 days: a fifth less work than a second statement for the total). Each group's
 * statistics are those its filter alone would give. A group without measured changes is absent;
 * null keys the changes whose service has no team (or application).
 */
export async function selectLeadTimeStatsByGroup(
  db: Queryable & Partial<Pick<Db, 'parallelism'>>,
  filter: FactFilter,
  by: StatsGroupBy,
): Promise<{ total: LeadTimeStats; groups: Map<string | null, LeadTimeStats> }> {
  let total: StatsRow = {};
  const merged = new Map<string | null, StatsRow>();
  for (const statementRows of await selectRows(db, filter, by)) {
    for (const row of statementRows) {
      if (row.total === 1) total = { ...total, ...row };
      else merged.set(row.group_key ?? null, { ...merged.get(row.group_key ?? null), ...row });
    }
  }
  return {
    total: toLeadTimeStats(total),
    groups: new Map([...merged].map(([key, row]) => [key, toLeadTimeStats(row)])),
  };
}

/** The statistics of no changes at all: what the SQL aggregates give for an empty window. */
export function emptyLeadTimeStats(): LeadTimeStats {
  const none: SpanStats = { n: 0, excluded: 0, median: null, p75: null, p90: null, mean: null };
  return {
    ...(Object.fromEntries(SPANS.map((span) => [span, none])) as Record<LeadTimeSpan, SpanStats>),
    withPullRequest: 0,
  };
}

/**
 * Lead time's statistics for a whole window, aggregated in SQL. Shipping the window's changes to
 * compute them in JavaScript cost more than the query: at 100k deployments the 90-day window holds
 * 37k changes (seven spans each), at 1M 370k. Computed here, one row comes back.
 *
 * Bit for bit what metrics/lead-time.ts computes from the same facts (test/store/lead-time-stats):
 * each duration is the same float8 arithmetic on the same epoch milliseconds; `percentile_cont` is
 * the interpolation stats.ts copies; the mean sums in ascending order, as stats.ts does.
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
    'mean', avg(${span}) filter (where ${span} >= 0)) as ${span}`;

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

export async function selectLeadTimeStats(
  db: Queryable & Partial<Pick<Db, 'parallelism'>>,
  filter: FactFilter,
): Promise<LeadTimeStats> {
  const groups = (db.parallelism ?? 1) > 1 ? SPLIT : [SPANS];
  const rows = await Promise.all(
    groups.map(async (spans) => {
      // The statement that measures the lead span also counts its changes that had a pull request.
      const counted = spans.includes('lead');
      const [row] = await db.query<Partial<Record<LeadTimeSpan, SpanRow>> & { with_pull_request?: number }>(
        // Materialized: inlined, each duration would be recomputed by every aggregate that reads it.
        `with durations as materialized (
           select ${spans.map(duration).join(', ')}${counted ? `, ${PULL_REQUEST}` : ''}
             from (${changeFactsQuery(filter)}) facts)
         select ${spans.map(statistics).join(',\n  ')}${counted ? `, ${WITH_PULL_REQUEST}` : ''}
           from durations`,
        factParams(filter),
      );
      return row!;
    }),
  );
  const row = Object.assign({}, ...rows) as Record<LeadTimeSpan, SpanRow> & { with_pull_request: number };
  const toStats = ({ n, excluded, quantiles, mean }: SpanRow): SpanStats => ({
    n,
    excluded,
    median: quantiles?.[0] ?? null,
    p75: quantiles?.[1] ?? null,
    p90: quantiles?.[2] ?? null,
    mean,
  });
  return {
    ...(Object.fromEntries(SPANS.map((span) => [span, toStats(row[span])])) as Record<
      LeadTimeSpan,
      SpanStats
    >),
    withPullRequest: row.with_pull_request,
  };
}

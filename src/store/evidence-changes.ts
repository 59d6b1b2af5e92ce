/**
 * The changes list of the evidence API: the changes lead time counts (first successful production
 * deployment in the window, as changeFactsQuery selects them), filtered and counted in SQL. A stage
 * is measured, as spansOf measures it, when both its ends are known and the end is not before the
 * start; the instants are the copies on deployment_changes the metric reads.
 */
import { LEAD_TIME_SPANS, type ChangeFact, type LeadTimeSpan } from '../model/facts.ts';
import type { Queryable } from './db.ts';
import {
  afterCondition,
  afterParams,
  orderBy,
  positionColumn,
  spanMicros,
  type Order,
  type PageAfter,
} from './evidence-order.ts';
import { catalogFilter, factParams, firstInEnvironment, type FactFilter } from './metric-facts.ts';

export interface ChangeFilter extends FactFilter {
  /** Only changes whose span is measured, and at least `minSeconds` long. */
  stage?: LeadTimeSpan | undefined;
  minSeconds?: number | undefined;
  pullRequest?: boolean | undefined;
}

export type ChangeSort = 'deployed_at' | LeadTimeSpan;

const COLUMN: Record<keyof ChangeFact, string> = {
  committedAt: 'dc.committed_at',
  prOpenedAt: 'dc.pr_opened_at',
  firstReviewAt: 'dc.pr_first_review_at',
  approvedAt: 'dc.pr_approved_at',
  mergedAt: 'dc.pr_merged_at',
  deployedAt: 'dc.finished_at',
};

/** The span in microseconds; null unless measured. */
function stageMicros(stage: LeadTimeSpan): string {
  const [from, to] = LEAD_TIME_SPANS[stage];
  const [start, end] = [COLUMN[from], COLUMN[to]];
  return `case when ${end} >= ${start} then ${spanMicros(start, end)} end`;
}

const orderOf = (sort: ChangeSort, descending: boolean): Order =>
  sort === 'deployed_at'
    ? { value: 'dc.finished_at', type: 'timestamptz', descending }
    : { value: stageMicros(sort), type: 'float8', descending };

const TIE = `dc.sha || '/' || dc.service`;

const matching = (filter: ChangeFilter) => `from deployment_changes dc
       join changes c on c.sha = dc.sha
       join deployments d on d.id = dc.deployment_id
      where dc.finished_at >= $1 and dc.finished_at < $2
        and ($4::text is null or dc.environment = $4) and ${catalogFilter('dc.service')}
        and ${filter.environment === undefined ? 'dc.first_production' : firstInEnvironment('$4')}
        and ${filter.stage === undefined ? '$7::float8 is null' : `${stageMicros(filter.stage)} >= coalesce($7::float8, 0) * 1000000`}
        and ($8::boolean is null or (c.pr_number is not null) = $8)`;

const filterParams = (filter: ChangeFilter) => [
  ...factParams(filter),
  filter.minSeconds ?? null,
  filter.pullRequest ?? null,
];

export interface ChangeRow {
  sha: string;
  repository: string;
  repository_url: string | null;
  service: string;
  committed_at: Date | null;
  authored_at: Date | null;
  author: string | null;
  message: string | null;
  pr_number: number | null;
  pr_opened_at: Date | null;
  pr_first_review_at: Date | null;
  pr_approved_at: Date | null;
  pr_merged_at: Date | null;
  deployment_id: number;
  deployment_external_id: string;
  deployment_source: string;
  environment: string;
  deployed_at: Date;
  position_at: string;
}

export async function selectChangePage(
  db: Queryable,
  filter: ChangeFilter,
  sort: ChangeSort,
  descending: boolean,
  after: PageAfter | undefined,
  limit: number,
): Promise<ChangeRow[]> {
  const order = orderOf(sort, descending);
  return db.query<ChangeRow>(
    `select c.sha, c.repository, c.repository_url, dc.service, c.committed_at, c.authored_at, c.author, c.message, c.pr_number,
            c.pr_opened_at, c.pr_first_review_at, c.pr_approved_at, c.pr_merged_at,
            dc.deployment_id::float8 as deployment_id, d.external_id as deployment_external_id,
            d.source as deployment_source, dc.environment, dc.finished_at as deployed_at, ${positionColumn(order)}
       ${matching(filter)}
        and ${afterCondition(order, TIE, 'text', 9)}
      ${orderBy(order, TIE)}
      limit $11`,
    [...filterParams(filter), ...afterParams(after), limit],
  );
}

export async function countChanges(db: Queryable, filter: ChangeFilter): Promise<number> {
  const [row] = await db.query<{ total: number }>(
    `select count(*)::float8 as total ${matching(filter)}`,
    filterParams(filter),
  );
  return row?.total ?? 0;
}

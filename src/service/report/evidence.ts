/**
 * The evidence API's use case: the deployments, changes and incidents behind a metric window,
 * filtered, sorted and counted in SQL, a page at a time. `total` counts every matching row of the
 * window, so a card's n is one list's total (docs/metrics.md names the list of each card).
 */
import { AppError } from '../../errors.ts';
import type { LeadTimeSpan } from '../../model/facts.ts';
import { resolveWindow } from '../../metrics/window.ts';
import type { Queryable } from '../../store/db.ts';
import { selectChangesOfDeployments } from '../../store/evidence.ts';
import { countChanges, selectChangePage, type ChangeSort } from '../../store/evidence-changes.ts';
import {
  countDeployments,
  selectDeploymentPage,
  type DeploymentSort,
} from '../../store/evidence-deployments.ts';
import {
  countIncidents,
  selectIncidentPage,
  selectIncidentsOfDeployments,
  type IncidentSort,
} from '../../store/evidence-incidents.ts';
import type { PageAfter } from '../../store/evidence-order.ts';
import { selectSettings } from '../../store/settings.ts';
import { decodeCursor, encodeCursor } from '../imports/cursor.ts';
import { toChangeEvidence, toDeploymentEvidence, toIncidentEvidence } from './evidence-items.ts';
import type { MetricQuery } from './report.ts';

interface ListQuery extends Omit<MetricQuery, 'benchmark'> {
  /** A sort name, `-` first for descending; each list has its default. */
  sort?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface DeploymentQuery extends ListQuery {
  production?: boolean | undefined;
  status?: 'success' | 'failure' | undefined;
  failed?: boolean | undefined;
  rework?: boolean | undefined;
  remediated?: boolean | undefined;
}

export interface ChangeQuery extends ListQuery {
  stage?: LeadTimeSpan | undefined;
  minSeconds?: number | undefined;
  pullRequest?: boolean | undefined;
}

export interface IncidentQuery extends ListQuery {
  counted?: boolean | undefined;
  attributed?: boolean | undefined;
  restored?: boolean | undefined;
}

export const DEPLOYMENT_SORTS: readonly DeploymentSort[] = ['finished_at', 'recovery'];
export const CHANGE_SORTS: readonly ChangeSort[] = [
  'deployed_at',
  'lead',
  'coding',
  'pickup',
  'review',
  'deploy',
  'review_lead_time',
  'deployment_lead_time',
];
export const INCIDENT_SORTS: readonly IncidentSort[] = ['started_at', 'restore'];

/** `-name` (descending) or `name`, among `allowed`; a 400 naming `sort` otherwise. */
function parseSort<S extends string>(value: string, allowed: readonly S[]) {
  const descending = value.startsWith('-');
  const name = (descending ? value.slice(1) : value) as S;
  if (!allowed.includes(name)) {
    const choices = allowed.map((sort) => `${sort}, -${sort}`).join(', ');
    throw new AppError('invalid_query', `sort must be one of ${choices}`, { field: 'sort' });
  }
  return { sort: name, descending, text: value };
}

export function createEvidenceService(db: Queryable) {
  /** The window defaults to the settings' window (DESIGN.md §4); the cursor must match the sort. */
  async function prepare<Q extends ListQuery, S extends string>(query: Q, now: number, sorts: readonly S[]) {
    const settings = await selectSettings(db);
    const window = resolveWindow(query.from?.getTime(), query.to?.getTime(), settings.window_days.other, now);
    const { cursor, limit, sort = `-${sorts[0]}`, ...rest } = query;
    const order = parseSort(sort, sorts);
    return {
      filter: { ...rest, from: new Date(window.from), to: new Date(window.to) },
      window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
      order,
      after: cursor === undefined ? undefined : decodeCursor(cursor, order.text),
      limit,
    };
  }

  /** One more row than asked tells whether a next page exists. */
  function page<Row extends { position_at: string }, Item>(
    prepared: { window: { from: string; to: string }; order: { text: string }; limit: number },
    rows: Row[],
    total: number,
    items: Item[],
    keyOf: (row: Row) => string,
  ) {
    const last = rows.length > prepared.limit ? rows[prepared.limit - 1] : undefined;
    const after: PageAfter | undefined = last && { at: last.position_at, key: keyOf(last) };
    return {
      window: prepared.window,
      total,
      items,
      next_cursor: after === undefined ? null : encodeCursor(prepared.order.text, after),
    };
  }

  return {
    async deployments(query: DeploymentQuery, now: number) {
      const p = await prepare(query, now, DEPLOYMENT_SORTS);
      const { sort, descending } = p.order;
      const [rows, total] = await Promise.all([
        selectDeploymentPage(db, p.filter, sort, descending, p.after, p.limit + 1),
        countDeployments(db, p.filter),
      ]);
      const shown = rows.slice(0, p.limit);
      const ids = shown.map((row) => row.id);
      const [changes, incidents] = await Promise.all([
        selectChangesOfDeployments(db, ids),
        selectIncidentsOfDeployments(db, ids, p.filter),
      ]);
      const items = shown.map((row) =>
        toDeploymentEvidence(
          row,
          changes.filter((change) => change.deployment_id === row.id),
          incidents.filter((incident) => incident.deployment_id === row.id),
        ),
      );
      return page(p, rows, total, items, (row) => String(row.id));
    },

    async changes(query: ChangeQuery, now: number) {
      const p = await prepare(query, now, CHANGE_SORTS);
      const [rows, total] = await Promise.all([
        selectChangePage(db, p.filter, p.order.sort, p.order.descending, p.after, p.limit + 1),
        countChanges(db, p.filter),
      ]);
      const items = rows.slice(0, p.limit).map(toChangeEvidence);
      return page(p, rows, total, items, (row) => `${row.sha}/${row.service}`);
    },

    async incidents(query: IncidentQuery, now: number) {
      const p = await prepare(query, now, INCIDENT_SORTS);
      const [rows, total] = await Promise.all([
        selectIncidentPage(db, p.filter, p.order.sort, p.order.descending, p.after, p.limit + 1),
        countIncidents(db, p.filter),
      ]);
      const items = rows.slice(0, p.limit).map(toIncidentEvidence);
      return page(p, rows, total, items, (row) => String(row.id));
    },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;

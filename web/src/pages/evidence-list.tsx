/**
 * One page of an evidence list: the total in words, the failure share beside its base, the table
 * with sortable headers, the pager and the CSV download of exactly these rows. Mounted per API path
 * (the caller keys it), so a page never renders another list's rows while the next one loads.
 */
import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorState, Loading } from '../components/status.tsx';
import { formatCount, formatRate } from '../format.ts';
import type { EvidenceTab } from '../metric-defs.ts';
import type { View } from '../query.ts';
import type { ChangeItem, DeploymentItem, IncidentItem, Page } from '../types.ts';
import { useApi } from '../use-api.ts';
import { columnsOf } from './evidence-columns.ts';
import { downloadCsv } from './evidence-download.ts';
import { describeTotal, describeWindow, type EvidenceState } from './evidence-query.ts';
import { ChangeRow, DeploymentRow, IncidentRow } from './evidence-rows.tsx';

type Item = DeploymentItem | ChangeItem | IncidentItem;
type Row = ComponentType<{ item: never; view: View; stage?: string | undefined }>;

export const PAGE_SIZE = 100;
export const TITLES: Record<EvidenceTab, string> = {
  deployments: 'Deployments',
  changes: 'Changes',
  incidents: 'Incidents',
};
const ROWS: Record<EvidenceTab, Row> = {
  deployments: DeploymentRow as Row,
  changes: ChangeRow as Row,
  incidents: IncidentRow as Row,
};

interface Props {
  path: string;
  /** The successful production deployments a failure or rework list is a share of, if it is one. */
  basePath: string | undefined;
  view: View;
  window: { from: number; to: number };
  state: EvidenceState;
  /** The cursors of the pages before this one. */
  previous: (string | undefined)[];
  go(next: EvidenceState): void;
  page(cursor: string | undefined, previous: (string | undefined)[]): void;
}

export function EvidenceList({ path, basePath, view, window, state, previous, go, page }: Props) {
  const load = useApi<Page<Item>>(path);
  const baseLoad = useApi<Page<Item>>(basePath);
  const [downloadError, setDownloadError] = useState<string | undefined>();
  const columns = columnsOf(state.tab, state.filters.stage);
  const RowOf = ROWS[state.tab];
  const sortName = state.sort.replace(/^-/, '');
  const descending = state.sort.startsWith('-');
  return (
    <>
      {load.state === 'ok' && (
        <div class="evidence-summary">
          <h2 class="evidence-total" data-total={load.data.total} aria-live="polite">
            {describeTotal(state.tab, state.filters, load.data.total)} in {describeWindow(window)}
          </h2>
          {basePath && baseLoad.state === 'ok' && (
            <p class="evidence-base" data-base-total={baseLoad.data.total}>
              of {formatCount(baseLoad.data.total)} successful production deployments
              {baseLoad.data.total > 0 && ` (${formatRate(load.data.total / baseLoad.data.total)})`}
            </p>
          )}
          <div class="evidence-actions">
            <span class="muted">
              {load.data.items.length === 0
                ? 'No rows'
                : `Rows ${formatCount(previous.length * PAGE_SIZE + 1)}–${formatCount(previous.length * PAGE_SIZE + load.data.items.length)}`}
            </span>
            <button
              type="button"
              class="secondary"
              disabled={load.data.items.length === 0}
              onClick={() => {
                setDownloadError(undefined);
                downloadCsv(path).catch((error: Error) => setDownloadError(error.message));
              }}
            >
              Download CSV
            </button>
            {downloadError && <span class="status-error">{downloadError}</span>}
          </div>
        </div>
      )}
      <div
        class="table-wrap"
        data-scrolls
        tabIndex={0}
        role="region"
        aria-label={`${TITLES[state.tab]} table, scrolls sideways`}
      >
        <table class="evidence" data-tab={state.tab}>
          <caption class="visually-hidden">{TITLES[state.tab]}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  key={column.title}
                  scope="col"
                  aria-sort={column.sort === sortName ? (descending ? 'descending' : 'ascending') : undefined}
                >
                  {column.sort ? (
                    <button
                      type="button"
                      class="sort-button"
                      data-sort={column.sort}
                      onClick={() =>
                        go({
                          ...state,
                          sort:
                            column.sort === sortName && descending ? column.sort : `-${column.sort ?? ''}`,
                          cursor: undefined,
                        })
                      }
                    >
                      {column.title}
                      <span aria-hidden="true">
                        {column.sort === sortName ? (descending ? ' ↓' : ' ↑') : ' ↕'}
                      </span>
                    </button>
                  ) : (
                    column.title
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {load.state === 'ok' ? (
              load.data.items.map((item) => (
                <RowOf
                  key={'id' in item ? item.id : `${item.sha}/${item.service}`}
                  item={item as never}
                  view={view}
                  stage={state.filters.stage}
                />
              ))
            ) : (
              <tr>
                <td colSpan={columns.length}>
                  {load.state === 'error' ? (
                    <ErrorState error={load.error} retrying={load.retrying} />
                  ) : (
                    <Loading what="rows" />
                  )}
                </td>
              </tr>
            )}
            {load.state === 'ok' && load.data.items.length === 0 && (
              <tr>
                <td colSpan={columns.length} class="muted">
                  Nothing matches in this period.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {load.state === 'ok' && (previous.length > 0 || state.cursor || load.data.next_cursor) && (
        <nav class="pager" aria-label="Pagination">
          {previous.length > 0 ? (
            <button
              type="button"
              class="secondary"
              onClick={() => page(previous.at(-1), previous.slice(0, -1))}
            >
              Previous
            </button>
          ) : (
            state.cursor && (
              <button type="button" class="secondary" onClick={() => page(undefined, [])}>
                First page
              </button>
            )
          )}
          {load.data.next_cursor && (
            <button
              type="button"
              onClick={() => page(load.data.next_cursor ?? undefined, [...previous, state.cursor])}
            >
              Next {PAGE_SIZE}
            </button>
          )}
        </nav>
      )}
    </>
  );
}

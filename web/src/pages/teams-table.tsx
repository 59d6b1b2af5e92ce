/**
 * The table of the Teams & services page: a row per team that expands to its services, five
 * metric columns (value, level, n, change), headers that sort, every cell a link to the overview
 * filtered to its team or service.
 */
import { LevelBadge } from '../components/level-badge.tsx';
import { TrendArrow } from '../components/trend-arrow.tsx';
import { formatCount } from '../format.ts';
import type { MetricDef } from '../metric-defs.ts';
import { viewSearch, type View } from '../query.ts';
import { Link } from '../router.tsx';
import type { Metrics } from '../types.ts';
import { sortRows, trendOf, valueOf, type ServiceRow, type Sort, type TeamRow } from './teams-data.ts';

interface Props {
  rows: TeamRow[];
  columns: MetricDef[];
  view: View;
  days: number;
  sort: Sort;
  onSort(sort: Sort): void;
  expanded: ReadonlySet<string>;
  onToggle(team: string): void;
}

/** A short header, so five columns fit beside the names on a laptop. */
const HEADERS: Record<string, string> = {
  deployment_frequency: 'Deployment frequency',
  lead_time: 'Lead time',
  change_failure_rate: 'Change failure rate',
  failed_deployment_recovery_time: 'Recovery time',
  time_to_restore: 'Time to restore',
  rework_rate: 'Rework rate',
};

/** The team key of the expanded set and of ids: the team without a name has one too. */
export const teamKey = (name: string | null) => name ?? '\u0000none';

/**
 * The overview with this page's window, benchmark and environment, filtered to the row: its team
 * or service replaces the page's team, application and service filters.
 */
function overviewHref(view: View, row: TeamRow | ServiceRow): string | undefined {
  if (row.kind === 'team' && row.name === null) return undefined;
  const { environment } = view.filters;
  const filters = {
    ...(row.kind === 'team' ? { team: row.name! } : { service: row.name }),
    ...(environment ? { environment } : {}),
  };
  return `/${viewSearch({ ...view, filters })}`;
}

function SortHeader({
  column,
  label,
  sort,
  onSort,
}: {
  column: string;
  label: string;
  sort: Sort;
  onSort(sort: Sort): void;
}) {
  const active = sort.column === column;
  const next: Sort = {
    column,
    direction: active && sort.direction === 'ascending' ? 'descending' : 'ascending',
  };
  return (
    <th
      scope="col"
      aria-sort={active ? sort.direction : 'none'}
      class={column === 'name' ? 'col-name' : undefined}
    >
      <button type="button" class="sort" data-sort={column} onClick={() => onSort(next)}>
        {label}
        <span class="sort-mark" aria-hidden="true">
          {active ? (sort.direction === 'ascending' ? '↑' : '↓') : '↕'}
        </span>
      </button>
    </th>
  );
}

function MetricCell({
  def,
  row,
  href,
  days,
}: {
  def: MetricDef;
  row: TeamRow | ServiceRow;
  href: string | undefined;
  days: number;
}) {
  const value = valueOf(def, row.group);
  const metrics = row.group as Metrics;
  const n = def.sample(metrics);
  const level = def.level(metrics);
  const content = (
    <>
      {value === null ? (
        <span class="cell-value insufficient">insufficient data</span>
      ) : (
        <span class="cell-value">{def.text(metrics)}</span>
      )}
      <span class="cell-meta">
        {level !== undefined && value !== null && <LevelBadge level={level} />}
        <span class="cell-n">n = {formatCount(n)}</span>
        <TrendArrow trend={trendOf(def, row.group, row.previous, days)} />
      </span>
    </>
  );
  return (
    <td
      data-metric={def.key}
      data-value={value === null ? '' : String(value)}
      data-n={String(n)}
      data-level={value === null || level === undefined ? '' : (level ?? '')}
    >
      {href === undefined ? (
        <span class="cell">{content}</span>
      ) : (
        <Link class="cell" href={href}>
          {content}
        </Link>
      )}
    </td>
  );
}

export function TeamsTable({ rows, columns, view, days, sort, onSort, expanded, onToggle }: Props) {
  return (
    <table class="teams-table">
      <caption class="visually-hidden">
        DORA metrics per team and service; sort with the column buttons, expand a team to see its services
      </caption>
      <thead>
        <tr>
          <SortHeader column="name" label="Team / service" sort={sort} onSort={onSort} />
          {columns.map((def) => (
            <SortHeader
              key={def.key}
              column={def.key}
              label={HEADERS[def.key] ?? def.title}
              sort={sort}
              onSort={onSort}
            />
          ))}
        </tr>
      </thead>
      <tbody>
        {sortRows(rows, sort, columns).map((team) => {
          const key = teamKey(team.name);
          const open = expanded.has(key);
          const id = `services-of-${encodeURIComponent(key).replace(/%/g, '_')}`;
          const href = overviewHref(view, team);
          const services = sortRows(team.services, sort, columns);
          return [
            <tr key={key} class="row-team" data-team={team.name ?? ''}>
              <th scope="row" class="col-name">
                <button
                  type="button"
                  class="expand"
                  aria-expanded={open}
                  aria-controls={
                    open && services.length > 0
                      ? services.map((_, index) => `${id}-${index}`).join(' ')
                      : undefined
                  }
                  disabled={team.services.length === 0}
                  onClick={() => onToggle(key)}
                  aria-label={`${open ? 'Hide' : 'Show'} the ${team.services.length === 1 ? 'service' : `${team.services.length} services`} of ${team.name ?? 'no team'}`}
                >
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                </button>
                {href === undefined ? (
                  <span class="team-name none" title="Services with no team in the catalog">
                    No team
                  </span>
                ) : (
                  <Link class="team-name" href={href}>
                    {team.name}
                  </Link>
                )}
                <span class="row-count">
                  {team.services.length} {team.services.length === 1 ? 'service' : 'services'}
                </span>
              </th>
              {columns.map((def) => (
                <MetricCell key={def.key} def={def} row={team} href={href} days={days} />
              ))}
            </tr>,
            ...(open
              ? services.map((service, index) => (
                  <tr
                    key={`${key}/${service.name}`}
                    id={`${id}-${index}`}
                    class="row-service"
                    data-service={service.name}
                    data-of-team={team.name ?? ''}
                  >
                    <th scope="row" class="col-name">
                      <Link class="service-name" href={overviewHref(view, service)!}>
                        {service.name}
                      </Link>
                    </th>
                    {columns.map((def) => (
                      <MetricCell
                        key={def.key}
                        def={def}
                        row={service}
                        href={overviewHref(view, service)}
                        days={days}
                      />
                    ))}
                  </tr>
                ))
              : []),
          ];
        })}
      </tbody>
    </table>
  );
}

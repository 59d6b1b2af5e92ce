/** Team, application, service, environment, time range and benchmark year; every change is a URL. */
import { BENCHMARKS, FILTER_KEYS, RANGES, type FilterKey, type View } from '../query.ts';
import type { CatalogService } from '../types.ts';

interface Props {
  view: View;
  onChange(view: View): void;
  services: CatalogService[];
}

const LABELS: Record<FilterKey, string> = {
  team: 'Team',
  application: 'Application',
  service: 'Service',
  environment: 'Environment',
};

function optionsOf(services: CatalogService[], key: FilterKey, current: string | undefined): string[] {
  const values = new Set<string>();
  for (const service of services) {
    if (key === 'service') values.add(service.name);
    if (key === 'team' && service.team) values.add(service.team);
    if (key === 'application' && service.application) values.add(service.application);
    if (key === 'environment') for (const env of service.production_environments) values.add(env);
  }
  if (key === 'environment') values.add('production');
  if (current) values.add(current);
  return [...values].sort();
}

export function Filters({ view, onChange, services }: Props) {
  const setFilter = (key: FilterKey, value: string) =>
    onChange({ ...view, filters: { ...view.filters, [key]: value || undefined } });
  const today = new Date().toISOString().slice(0, 10);
  return (
    <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      {FILTER_KEYS.map((key) => (
        <label key={key}>
          <span>{LABELS[key]}</span>
          <select
            name={key}
            value={view.filters[key] ?? ''}
            onChange={(event) => setFilter(key, event.currentTarget.value)}
          >
            <option value="">All</option>
            {optionsOf(services, key, view.filters[key]).map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
      ))}
      <label>
        <span>Time range</span>
        <select
          name="range"
          value={view.range}
          onChange={(event) => {
            const range = event.currentTarget.value;
            if (range !== 'custom') onChange({ ...view, range, from: undefined, to: undefined });
            else onChange({ ...view, range, from: view.from ?? today, to: view.to ?? today });
          }}
        >
          {(RANGES.includes(view.defaultRange as (typeof RANGES)[number])
            ? [...RANGES]
            : [view.defaultRange, ...RANGES]
          ).map((range) => (
            <option key={range} value={range}>
              Last {range.replace('d', ' days')}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {view.range === 'custom' && (
        <>
          <label>
            <span>From</span>
            <input
              type="date"
              name="from"
              value={view.from?.slice(0, 10)}
              onChange={(event) => onChange({ ...view, from: event.currentTarget.value })}
            />
          </label>
          <label>
            <span>To (exclusive)</span>
            <input
              type="date"
              name="to"
              value={view.to?.slice(0, 10)}
              onChange={(event) => onChange({ ...view, to: event.currentTarget.value })}
            />
          </label>
        </>
      )}
      <label>
        <span>Benchmark</span>
        <select
          name="benchmark"
          value={view.benchmark ?? ''}
          onChange={(event) => onChange({ ...view, benchmark: event.currentTarget.value || undefined })}
        >
          <option value="">Default</option>
          {BENCHMARKS.map((year) => (
            <option key={year} value={year}>
              DORA {year}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

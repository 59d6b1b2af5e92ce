/**
 * The DORA benchmark tables the levels are read against (2021, 2023, 2024), each with its source
 * report, which year the overview uses now and how to choose another.
 */
import { bandsOf, bandWords, LEVEL_ORDER, UNREACHABLE } from '../band-words.ts';
import { ErrorState, Loading } from '../components/status.tsx';
import { Link } from '../router.tsx';
import type { Benchmarks as BenchmarkList, BenchmarkTable } from '../types.ts';
import { useApi } from '../use-api.ts';
import '../styles/benchmarks.css';

const METRIC_TITLES: [string, string][] = [
  ['deployment_frequency', 'Deployment frequency'],
  ['lead_time', 'Change lead time (median)'],
  ['change_failure_rate', 'Change failure rate'],
  ['failed_deployment_recovery_time', 'Failed deployment recovery time (median)'],
  ['time_to_restore', 'Time to restore service (median)'],
];

function YearTable({ table, selected }: { table: BenchmarkTable; selected: boolean }) {
  return (
    <section class="benchmark-year" data-year={table.year} aria-labelledby={`year-${table.year}`}>
      <header>
        <h2 id={`year-${table.year}`}>
          {table.year}
          {selected && <span class="badge badge-selected">used for the levels</span>}
        </h2>
        <p class="muted">
          Source: <a href={table.source.url}>{table.source.title}</a>
        </p>
      </header>
      <div class="table-wrap" data-scrolls tabIndex={0} role="region" aria-label={`DORA ${table.year} bands`}>
        <table class="benchmark-table">
          <caption class="visually-hidden">DORA {table.year} performance bands</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              {LEVEL_ORDER.map((level) => (
                <th key={level} scope="col">
                  <span class={`badge badge-${level}`}>{level}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {METRIC_TITLES.map(([metric, title]) => (
              <tr key={metric} data-metric={metric}>
                <th scope="row">{title}</th>
                {bandsOf(table.bands, metric).map((band, index) => (
                  <td
                    key={LEVEL_ORDER[index]}
                    data-level={LEVEL_ORDER[index]}
                    data-bound={band ? bandWords(band) : ''}
                  >
                    {band ? bandWords(band) : <span title={UNREACHABLE}>— not reachable</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function Benchmarks({ search }: { search: string }) {
  const load = useApi<BenchmarkList>('/api/v1/benchmarks');
  const asked = Number(new URLSearchParams(search).get('benchmark'));
  return (
    <main id="main" class="benchmarks">
      <h1 class="page-title">DORA benchmarks</h1>
      {load.state === 'loading' && <Loading what="benchmarks" />}
      {load.state === 'error' && <ErrorState error={load.error} retrying={load.retrying} />}
      {load.state === 'ok' && (
        <Body
          list={load.data}
          selected={load.data.years.some((y) => y.year === asked) ? asked : load.data.default_year}
        />
      )}
    </main>
  );
}

function Body({ list, selected }: { list: BenchmarkList; selected: number }) {
  const others = list.years.filter((year) => year.year !== selected);
  return (
    <>
      <div class="benchmark-intro">
        <p>
          Levels are read against the <strong data-selected-year={selected}>{selected}</strong> bands
          {selected === list.default_year ? ' (the default)' : ''}. Choose another year with the{' '}
          <em>Benchmark</em> filter on the overview, or with <code>benchmark=</code> in the API and{' '}
          <code>--benchmark</code> in <code>fivekeys report</code>:{' '}
          {others.map((year, index) => (
            <span key={year.year}>
              {index > 0 && ', '}
              <Link href={`/?benchmark=${year.year}`}>overview with {year.year}</Link>
            </span>
          ))}
          .
        </p>
        <p class="muted">
          A value on a band&apos;s edge belongs to that band; bands are tried from elite to low and the first
          that holds wins. Deployment frequency is graded by the median number of deploy-days per calendar
          week (or month), not by the number of deployments. Where a report gives a level a range a better
          level already covers, that level cannot be reached and shows as “not reachable”.
        </p>
      </div>
      {[...list.years]
        .sort((a, b) => b.year - a.year)
        .map((table) => (
          <YearTable key={table.year} table={table} selected={table.year === selected} />
        ))}
    </>
  );
}

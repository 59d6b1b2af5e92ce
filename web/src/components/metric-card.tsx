/**
 * One metric: value with unit, DORA level, sample size, change against the previous period of the
 * same length, a sparkline; the whole card links to the evidence behind the number.
 */
import { formatChange, formatCount } from '../format.ts';
import type { MetricDef } from '../metric-defs.ts';
import { Link } from '../router.tsx';
import { frequencyUnit, plotValues, toChartPoints } from '../chart-points.ts';
import type { BenchmarkTable, Metrics, Series, SeriesPoint } from '../types.ts';
import { LevelBadge } from './level-badge.tsx';
import { MetricInfo } from './metric-info.tsx';
import { Sparkline } from './sparkline.tsx';

interface Props {
  def: MetricDef;
  current: Metrics;
  previous: Metrics | undefined;
  series: Series | undefined;
  /** When the page read the clock: the last bucket may not be over. */
  now: number;
  evidenceHref: string;
  /** The selected report year's bands, for the "?". */
  table: BenchmarkTable | undefined;
}

function Change({ def, value, previous }: { def: MetricDef; value: number; previous: Metrics | undefined }) {
  const before = previous ? def.value(previous) : null;
  if (before === null || (def.unit !== 'rate' && before === 0)) {
    return <span class="change">no data in the previous period</span>;
  }
  const delta = value - before;
  const tone = delta === 0 ? 'same' : delta > 0 === (def.better === 'higher') ? 'better' : 'worse';
  return (
    <span class={`change change-${tone}`} title="against the previous period of the same length">
      {formatChange(value, before, def.unit === 'rate' ? 'rate' : 'other')} vs previous period
    </span>
  );
}

/** The sparkline plots what the chart plots: a partial last day is not drawn as a drop. */
function sparkPoints(def: MetricDef, series: Series, current: Metrics, now: number): SeriesPoint[] {
  const points = toChartPoints(series, now);
  const unit = frequencyUnit(current.deployment_frequency.per_day);
  const { values } = plotValues(def, points, unit);
  return series.points.map((point, index) => ({ ...point, value: values[index] ?? null }));
}

export function MetricCard({ def, current, previous, series, now, evidenceHref, table }: Props) {
  const value = def.value(current);
  const n = def.sample(current);
  return (
    <article class="card" data-metric={def.key} aria-labelledby={`card-${def.key}`}>
      <header>
        <h2 id={`card-${def.key}`}>{def.title}</h2>
        <span class="card-tools">
          <LevelBadge level={value === null ? null : def.level(current)} />
          <MetricInfo def={def} metrics={current} table={table} />
        </span>
      </header>
      {value === null ? (
        <p class="value insufficient" data-value="">
          insufficient data
        </p>
      ) : (
        <p class="value" data-value={String(value)}>
          {def.text(current)}
        </p>
      )}
      <p class="sample">
        n = <span data-sample={String(n)}>{formatCount(n)}</span> {def.sampleLabel}
      </p>
      {value !== null && <Change def={def} value={value} previous={previous} />}
      <div class="card-foot">
        {series ? <Sparkline points={sparkPoints(def, series, current, now)} /> : <span class="sparkline" />}
        {def.key === 'lead_time' && (
          <a class="drill" href="#lead-time-breakdown">
            Stages ↓
          </a>
        )}
        <Link class="drill" href={evidenceHref} aria-label={`Evidence for ${def.title}`}>
          Evidence →
        </Link>
      </div>
    </article>
  );
}

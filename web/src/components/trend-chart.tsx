/**
 * A metric's series as a uPlot line. Hovering (or tapping) a point shows its bucket, value and n;
 * clicking it, or choosing it with the arrow keys and pressing Enter, opens the evidence of that
 * bucket's window. A tap on a touch screen first shows the tooltip; a second tap opens.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { axisNumber, bucketDates, plotValues, toChartPoints, type FrequencyUnit } from '../chart-points.ts';
import { DEFINITIONS } from '../metric-definitions.ts';
import type { MetricDef } from '../metric-defs.ts';
import type { BenchmarkTable, Metrics, Series } from '../types.ts';
import { useColorScheme } from '../use-color-scheme.ts';
import { ChartLegend, ChartTip } from './chart-parts.tsx';
import { MetricInfo } from './metric-info.tsx';
import { useTrendPlot } from './use-trend-plot.ts';
import '../styles/chart.css';

interface Props {
  def: MetricDef;
  series: Series;
  metrics: Metrics;
  table: BenchmarkTable | undefined;
  /** Deployment frequency is charted in the card's unit. */
  frequencyUnit: FrequencyUnit;
  now: number;
  onPick(index: number): void;
}

export function TrendChart({ def, series, metrics, table, frequencyUnit, now, onPick }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const scheme = useColorScheme();
  const points = useMemo(() => toChartPoints(series, now), [series, now]);
  const plotted = useMemo(() => plotValues(def, points, frequencyUnit), [def, points, frequencyUnit]);
  // Deployment frequency is graded by deploy-days, not by the count plotted: no lines for it.
  const bandMetric = DEFINITIONS[def.key]?.bands;
  const bands =
    bandMetric && def.unit !== 'frequency' ? (table?.bands.filter((b) => b.metric === bandMetric) ?? []) : [];
  const last = points[points.length - 1];
  const { tip, hide, show } = useTrendPlot({
    wrap,
    box,
    points,
    plotted,
    bands,
    redraw: [scheme, table],
    onPick,
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const end = points.length - 1;
    let next = selected;
    if (event.key === 'ArrowRight') next = selected === null ? 0 : Math.min(end, selected + 1);
    else if (event.key === 'ArrowLeft') next = selected === null ? end : Math.max(0, selected - 1);
    else if (event.key === 'Enter' && selected !== null) return onPick(selected);
    else return;
    event.preventDefault();
    setSelected(next);
    if (next !== null) show(next);
  };

  const describe = (index: number) => {
    const point = points[index];
    const value = plotted.values[index];
    if (!point) return '';
    const shown =
      value === null || value === undefined ? 'no data' : `${axisNumber(value)}${plotted.axis.suffix}`;
    return `${bucketDates(point)}${point.soFar ? ' (so far)' : ''}: ${shown}, n = ${point.n}`;
  };

  const caption = (
    <figcaption>
      <span>{def.title}</span>
      <MetricInfo def={def} metrics={metrics} table={table} chart />
    </figcaption>
  );
  if (plotted.values.every((value) => value === null)) {
    return (
      <figure class="chart" data-chart={def.key}>
        {caption}
        <p class="muted chart-empty">no data in this window</p>
      </figure>
    );
  }
  const tipPoint = tip ? points[tip.index] : undefined;
  const tipValue = tip ? plotted.values[tip.index] : undefined;
  return (
    <figure class="chart" data-chart={def.key} data-unit={plotted.axis.label}>
      {caption}
      <div class="chart-plot" ref={wrap}>
        <div
          ref={box}
          class="chart-box"
          tabIndex={0}
          role="group"
          aria-label={`${def.title} per ${series.bucket}, in ${plotted.axis.label}, ${points.length} points. Arrow keys choose a ${series.bucket}, Enter opens its evidence.`}
          onKeyDown={onKeyDown}
          onBlur={() => setSelected(null)}
          onMouseLeave={hide}
        />
        {tip && tipPoint && tipValue !== null && tipValue !== undefined && (
          <ChartTip
            tip={tip}
            point={tipPoint}
            value={tipValue}
            axis={plotted.axis}
            sampleLabel={def.sampleLabel}
            flip={tip.left > (wrap.current?.clientWidth ?? 0) / 2}
          />
        )}
      </div>
      <ChartLegend
        def={def}
        bucket={series.bucket}
        frequencyUnit={frequencyUnit}
        axis={plotted.axis}
        last={last}
        bandYear={bands.length > 0 ? table?.year : undefined}
      />
      <p class="chart-point" aria-live="polite">
        {selected === null ? ' ' : `${describe(selected)} — Enter for evidence`}
      </p>
    </figure>
  );
}

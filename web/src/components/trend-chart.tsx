/**
 * A metric's series as a uPlot line. Hovering (or tapping) a point shows its bucket, value and n;
 * clicking it, or choosing it with the arrow keys and pressing Enter, opens the evidence of that
 * bucket's window. A tap on a touch screen first shows the tooltip; a second tap opens.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { axisNumber, bucketDates, plotValues, toChartPoints, type FrequencyUnit } from '../chart-points.ts';
import { formatCount } from '../format.ts';
import { DEFINITIONS } from '../metric-definitions.ts';
import type { MetricDef } from '../metric-defs.ts';
import type { BenchmarkTable, Metrics, Series } from '../types.ts';
import { useColorScheme } from '../use-color-scheme.ts';
import { MetricInfo } from './metric-info.tsx';
import { HEIGHT, plotOptions, splitSoFar } from './trend-chart-plot.ts';
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

interface Tip {
  index: number;
  left: number;
  top: number;
}

export function TrendChart({ def, series, metrics, table, frequencyUnit, now, onPick }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const [tip, setTip] = useState<Tip | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const scheme = useColorScheme();
  const points = useMemo(() => toChartPoints(series, now), [series, now]);
  const plotted = useMemo(() => plotValues(def, points, frequencyUnit), [def, points, frequencyUnit]);
  // Deployment frequency is graded by deploy-days, not by the count plotted: no lines for it.
  const bandMetric = DEFINITIONS[def.key]?.bands;
  const bands =
    bandMetric && def.unit !== 'frequency' ? (table?.bands.filter((b) => b.metric === bandMetric) ?? []) : [];
  const xs = points.map((point) => point.start / 1000);
  const last = points[points.length - 1];

  const tipAt = (u: uPlot, index: number): Tip | null => {
    const value = plotted.values[index];
    const frame = wrap.current?.getBoundingClientRect();
    if (value === null || value === undefined || !frame) return null;
    const over = u.over.getBoundingClientRect();
    const x = u.valToPos(xs[index] ?? 0, 'x');
    const y = u.valToPos(value, 'y');
    return { index, left: over.left - frame.left + x, top: over.top - frame.top + y };
  };

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const pinned = { current: null as number | null };
    const onCursor = (u: uPlot) => {
      const index = u.cursor.idx;
      setTip((previous) => {
        if (index === null || index === undefined)
          return previous?.index === pinned.current ? previous : null;
        return previous?.index === index ? previous : tipAt(u, index);
      });
    };
    const [complete, soFar] = splitSoFar(points, plotted.values);
    const chart = new uPlot(
      plotOptions(element.clientWidth || 400, plotted.axis, bands, onCursor),
      [xs, complete, soFar],
      element,
    );
    plot.current = chart;
    let touch = false;
    chart.over.addEventListener('pointerdown', (event) => {
      touch = event.pointerType === 'touch';
    });
    chart.over.addEventListener('click', () => {
      const index = chart.cursor.idx;
      if (index === null || index === undefined) return;
      if (touch && pinned.current !== index) {
        pinned.current = index;
        setTip(tipAt(chart, index));
        return;
      }
      pick.current(index);
    });
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [points, plotted, scheme, table]);

  const onKeyDown = (event: KeyboardEvent) => {
    const end = points.length - 1;
    let next = selected;
    if (event.key === 'ArrowRight') next = selected === null ? 0 : Math.min(end, selected + 1);
    else if (event.key === 'ArrowLeft') next = selected === null ? end : Math.max(0, selected - 1);
    else if (event.key === 'Enter' && selected !== null) return onPick(selected);
    else return;
    event.preventDefault();
    setSelected(next);
    const chart = plot.current;
    if (chart && next !== null) {
      chart.setCursor({
        left: chart.valToPos(xs[next] ?? 0, 'x'),
        top: chart.valToPos(plotted.values[next] ?? 0, 'y'),
      });
      setTip(tipAt(chart, next));
    }
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
          onMouseLeave={() => setTip(null)}
        />
        {tip && tipPoint && tipValue !== null && tipValue !== undefined && (
          <div
            class={`chart-tip${tip.left > (wrap.current?.clientWidth ?? 0) / 2 ? ' chart-tip-left' : ''}`}
            style={{ left: `${tip.left}px`, top: `${tip.top}px` }}
            data-index={String(tip.index)}
            aria-hidden="true"
          >
            <span class="chart-tip-dates">
              {bucketDates(tipPoint)}
              {tipPoint.soFar && <em> · so far</em>}
            </span>
            <strong class="chart-tip-value" data-value={String(tipValue)}>
              {axisNumber(tipValue)}
              {plotted.axis.suffix}
            </strong>
            <span class="chart-tip-n" data-n={String(tipPoint.n)}>
              n = {formatCount(tipPoint.n)}{' '}
              {tipPoint.n === 1 ? def.sampleLabel.replace(/s$/, '') : def.sampleLabel}
            </span>
          </div>
        )}
      </div>
      <ul class="chart-legend">
        <li>
          <span class="key key-line" aria-hidden="true" />
          {def.unit === 'frequency' ? `deployments per ${frequencyUnit}, as the card` : plotted.axis.label}
        </li>
        {last?.soFar && (
          <li data-so-far="">
            <span class="key key-so-far" aria-hidden="true" />
            {bucketDates(last)}: so far ({series.bucket} not over)
          </li>
        )}
        {bands.length > 0 && table && (
          <li>
            <span class="key key-band" aria-hidden="true" />
            DORA {table.year} level bounds
          </li>
        )}
        {def.unit === 'frequency' && <li>levels grade deploy-days per week, not this count</li>}
      </ul>
      <p class="chart-point" aria-live="polite">
        {selected === null ? ' ' : `${describe(selected)} — Enter for evidence`}
      </p>
    </figure>
  );
}

/**
 * A metric's series as a uPlot line. Clicking a point, or choosing one with the arrow keys and
 * pressing Enter, opens the evidence of that bucket's window.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDuration, formatRate } from '../format.ts';
import type { MetricDef } from '../metric-defs.ts';
import type { Series } from '../types.ts';
import { useColorScheme } from '../use-color-scheme.ts';

const HEIGHT = 170;

interface Props {
  def: MetricDef;
  series: Series;
  onPick(index: number): void;
}

const axisValue = (def: MetricDef, value: number) =>
  def.unit === 'duration' ? formatDuration(value) : def.unit === 'rate' ? formatRate(value) : String(value);

function options(def: MetricDef, width: number): uPlot.Options {
  const css = getComputedStyle(document.documentElement);
  const color = (name: string) => css.getPropertyValue(name).trim();
  const axis = {
    stroke: color('--muted'),
    grid: { stroke: color('--grid') },
    ticks: { stroke: color('--grid') },
  };
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 9 } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [axis, { ...axis, size: 76, values: (_u, ticks) => ticks.map((tick) => axisValue(def, tick)) }],
    series: [
      {},
      { stroke: color('--accent'), width: 2, points: { show: true, size: 5, fill: color('--accent') } },
    ],
  };
}

export function TrendChart({ def, series, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const [selected, setSelected] = useState<number | null>(null);
  const scheme = useColorScheme();
  const xs = series.points.map((point) => Date.parse(point.start) / 1000);
  const ys = series.points.map((point) => point.value);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot(options(def, element.clientWidth || 400), [xs, ys], element);
    plot.current = chart;
    chart.over.addEventListener('click', () => {
      const index = chart.cursor.idx;
      if (index !== null && index !== undefined) pick.current(index);
    });
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [series, scheme]);

  const point = selected === null ? undefined : series.points[selected];
  const onKeyDown = (event: KeyboardEvent) => {
    const last = series.points.length - 1;
    let next = selected;
    if (event.key === 'ArrowRight') next = selected === null ? 0 : Math.min(last, selected + 1);
    else if (event.key === 'ArrowLeft') next = selected === null ? last : Math.max(0, selected - 1);
    else if (event.key === 'Enter' && selected !== null) return onPick(selected);
    else return;
    event.preventDefault();
    setSelected(next);
    const chart = plot.current;
    if (chart && next !== null)
      chart.setCursor({ left: chart.valToPos(xs[next] ?? 0, 'x'), top: chart.valToPos(ys[next] ?? 0, 'y') });
  };
  if (ys.every((value) => value === null)) {
    return (
      <figure class="chart">
        <figcaption>{def.title}</figcaption>
        <p class="muted chart-empty">no data in this window</p>
      </figure>
    );
  }
  return (
    <figure class="chart">
      <figcaption>{def.title}</figcaption>
      <div
        ref={box}
        class="chart-box"
        tabIndex={0}
        role="group"
        aria-label={`${def.title} per ${series.bucket}, ${series.points.length} points. Arrow keys choose a ${series.bucket}, Enter opens its evidence.`}
        onKeyDown={onKeyDown}
        onBlur={() => setSelected(null)}
      />
      <p class="chart-point" aria-live="polite">
        {point
          ? `${point.start.slice(0, 10)}: ${point.value === null ? 'no data' : def.formatPoint(point.value)} (n = ${point.n}) — Enter for evidence`
          : ' '}
      </p>
    </figure>
  );
}

/**
 * The uPlot instance behind a trend chart, and the tooltip it drives: the point under the mouse,
 * the point a tap pinned (touch has no hover: the first tap shows, a second tap on it picks), or
 * the point the keyboard chose (`show`).
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartPoint, Plotted } from '../chart-points.ts';
import type { BenchmarkBand } from '../types.ts';
import type { Tip } from './chart-parts.tsx';
import { HEIGHT, plotOptions, splitSoFar } from './trend-chart-plot.ts';

interface Input {
  wrap: RefObject<HTMLDivElement | null>;
  box: RefObject<HTMLDivElement | null>;
  points: ChartPoint[];
  plotted: Plotted;
  bands: BenchmarkBand[];
  /** Redraw when these change (the colour scheme, the bands' year). */
  redraw: unknown[];
  onPick(index: number): void;
}

export function useTrendPlot({ wrap, box, points, plotted, bands, redraw, onPick }: Input) {
  const plot = useRef<uPlot | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const [tip, setTip] = useState<Tip | null>(null);
  const xs = points.map((point) => point.start / 1000);

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
    const options = plotOptions(element.clientWidth || 400, plotted.axis, bands, onCursor);
    const chart = new uPlot(options, [xs, complete, soFar], element);
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
  }, [points, plotted, ...redraw]);

  /** Moves the cursor to a point and shows its tooltip (keyboard selection). */
  const show = (index: number) => {
    const chart = plot.current;
    if (!chart) return;
    chart.setCursor({
      left: chart.valToPos(xs[index] ?? 0, 'x'),
      top: chart.valToPos(plotted.values[index] ?? 0, 'y'),
    });
    setTip(tipAt(chart, index));
  };
  return { tip, hide: () => setTip(null), show };
}

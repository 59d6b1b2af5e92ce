/**
 * The uPlot side of the trend chart: what is plotted (complete buckets as a solid line, the
 * incomplete last one as a dashed segment to a hollow point), one unit per axis, and the DORA
 * level bounds as dashed lines drawn behind the data.
 */
import uPlot from 'uplot';
import { axisNumber, type AxisUnit, type ChartPoint } from '../chart-points.ts';
import { bandWords } from '../band-words.ts';
import type { BenchmarkBand } from '../types.ts';

export const HEIGHT = 190;

/** Complete buckets in one series, the last incomplete one (and the segment to it) in another. */
export function splitSoFar(
  points: ChartPoint[],
  values: (number | null)[],
): [(number | null)[], (number | null)[]] {
  const last = points.length - 1;
  if (last < 0 || !points[last]?.soFar) return [values, values.map(() => null)];
  const complete = values.map((value, index) => (index === last ? null : value));
  const soFar = values.map((value, index) => (index >= last - 1 ? value : null));
  return [complete, soFar];
}

const cssColor = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** Dashed level lines with their words ("elite ≤ 1 day"), under the series. */
function drawBands(u: uPlot, bands: BenchmarkBand[], axis: AxisUnit): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const ratio = uPlot.pxRatio;
  const panel = cssColor('--panel');
  let lastLabelY: number | null = null;
  ctx.save();
  ctx.font = `${Math.round(11 * ratio)}px system-ui, sans-serif`;
  // The axes leave their own alignment on the shared context.
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.setLineDash([5 * ratio, 4 * ratio]);
  ctx.lineWidth = ratio;
  for (const band of bands) {
    if (band.bound === null) continue;
    const y = u.valToPos(band.bound / axis.divisor, 'y', true);
    if (y < top || y > top + height) continue;
    const color = cssColor(`--${band.level}`);
    ctx.strokeStyle = color;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
    // On a patch of the panel's colour, so grid lines do not cross the words.
    const words = `${band.level} ${bandWords(band)}`;
    const textWidth = ctx.measureText(words).width;
    // Two close lines: the second label goes to the right end so the words do not overlap.
    const crowded: boolean = lastLabelY !== null && Math.abs(y - lastLabelY) < 14 * ratio;
    const x = crowded ? left + width - textWidth - 5 * ratio : left + 5 * ratio;
    lastLabelY = crowded ? null : y;
    ctx.fillStyle = panel;
    ctx.fillRect(x - 3 * ratio, y - 15 * ratio, textWidth + 6 * ratio, 13 * ratio);
    ctx.fillStyle = color;
    ctx.fillText(words, x, y - 3 * ratio);
  }
  ctx.restore();
}

export function plotOptions(
  width: number,
  axis: AxisUnit,
  bands: BenchmarkBand[],
  onCursor: (u: uPlot) => void,
): uPlot.Options {
  const accent = cssColor('--accent');
  const grid = cssColor('--grid');
  const axisStyle = { stroke: cssColor('--muted'), grid: { stroke: grid }, ticks: { stroke: grid } };
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 9 } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] } },
    axes: [
      axisStyle,
      {
        ...axisStyle,
        size: 52,
        label: axis.label,
        labelSize: 18,
        values: (_u, ticks) => ticks.map(axisNumber),
      },
    ],
    series: [
      {},
      { stroke: accent, width: 2, points: { show: true, size: 5, fill: accent } },
      {
        stroke: accent,
        width: 2,
        dash: [6, 5],
        points: {
          show: true,
          size: 8,
          width: 2,
          fill: cssColor('--panel'),
          filter: (u) => [u.data[0].length - 1],
        },
      },
    ],
    hooks: {
      drawAxes: [(u) => drawBands(u, bands, axis)],
      setCursor: [onCursor],
    },
  };
}

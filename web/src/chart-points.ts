/**
 * A series as the trend chart plots it, honestly: each bucket's real span inside the window and up
 * to now, the incomplete last bucket marked "so far", deployment frequency in the card's unit
 * (per day or per week, over the days the bucket has actually had), and one unit per axis chosen
 * from the largest value. Pure and free of DOM types: the browser tests import it.
 */
import type { MetricDef } from './metric-defs.ts';
import type { Series } from './types.ts';

const DAY = 86_400_000;

export interface ChartPoint {
  start: number;
  /** Exclusive: the next bucket's start, or the window's end. */
  end: number;
  value: number | null;
  n: number;
  /** The bucket ends after now: its value covers only the time so far. */
  soFar: boolean;
  /** The bucket began before the window: only its part inside the window is counted. */
  clipped: boolean;
  /** Days the value covers: the bucket inside the window, up to now. */
  days: number;
  /** The bucket's part inside the window (what the tooltip's dates say). */
  shownFrom: number;
  shownTo: number;
}

export function toChartPoints(series: Series, now: number): ChartPoint[] {
  const from = Date.parse(series.window.from);
  const to = Date.parse(series.window.to);
  return series.points.map((point, index) => {
    const start = Date.parse(point.start);
    const next = series.points[index + 1];
    const end = next ? Date.parse(next.start) : to;
    const covered = Math.min(end, now) - Math.max(start, from);
    return {
      start,
      end,
      value: point.value,
      n: point.n,
      soFar: end > now,
      clipped: start < from,
      days: Math.max(covered, 0) / DAY,
      shownFrom: Math.max(start, from),
      shownTo: Math.min(end, to),
    };
  });
}

export type FrequencyUnit = 'day' | 'week';

/** The card's unit: per day while at least one a day, else per week (format.ts formatFrequency). */
export const frequencyUnit = (perDay: number | null): FrequencyUnit =>
  perDay !== null && perDay >= 1 ? 'day' : 'week';

/** Deployments of a bucket per day (or week) of the time it has covered; null before it began. */
export function perUnit(point: ChartPoint, unit: FrequencyUnit): number | null {
  if (point.value === null || point.days <= 0) return null;
  return (point.value / point.days) * (unit === 'week' ? 7 : 1);
}

export interface AxisUnit {
  /** Plotted value = API value ÷ divisor. */
  divisor: number;
  /** The unit of every tick, said once on the axis. */
  label: string;
  /** Short suffix after a number in the tooltip. */
  suffix: string;
}

/** Minutes, hours or days, chosen from the largest duration so the axis never mixes units. */
export function durationAxis(maxSeconds: number): AxisUnit {
  if (maxSeconds < 3600) return { divisor: 60, label: 'minutes', suffix: ' min' };
  if (maxSeconds < 48 * 3600) return { divisor: 3600, label: 'hours', suffix: ' h' };
  return { divisor: 86_400, label: 'days', suffix: ' days' };
}

const RATE_AXIS: AxisUnit = { divisor: 0.01, label: 'percent', suffix: '%' };

const frequencyAxis = (unit: FrequencyUnit): AxisUnit => ({
  divisor: 1,
  label: `deployments per ${unit}`,
  suffix: ` / ${unit}`,
});

/** A plotted number as the axis and tooltip print it: up to one decimal, no trailing ".0". */
export function axisNumber(value: number): string {
  const rounded = Math.abs(value) < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return String(rounded);
}

/** The dates a bucket covers, inclusive: `2026-12-01 – 2026-12-07`, one date for a day. */
export function bucketDates(point: ChartPoint): string {
  const first = new Date(point.shownFrom).toISOString().slice(0, 10);
  const last = new Date(point.shownTo - 1).toISOString().slice(0, 10);
  return first === last ? first : `${first} – ${last}`;
}

/** A series as plotted: in the axis unit, deployment frequency per day or week of time covered. */
export interface Plotted {
  axis: AxisUnit;
  /** Per point, in the axis unit; null where the bucket has no value. */
  values: (number | null)[];
}

export function plotValues(def: MetricDef, points: ChartPoint[], unit: FrequencyUnit): Plotted {
  if (def.unit === 'frequency')
    return { axis: frequencyAxis(unit), values: points.map((p) => perUnit(p, unit)) };
  if (def.unit === 'rate')
    return {
      axis: RATE_AXIS,
      values: points.map((p) => (p.value === null ? null : p.value / RATE_AXIS.divisor)),
    };
  const max = Math.max(0, ...points.map((p) => p.value ?? 0));
  const axis = durationAxis(max);
  return { axis, values: points.map((p) => (p.value === null ? null : p.value / axis.divisor)) };
}

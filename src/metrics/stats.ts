/**
 * The few statistics DESIGN.md §3 names: interpolated percentiles (PostgreSQL's `percentile_cont`, so
 * the numbers match the SQL aggregates exactly), the arithmetic mean, and the split of measured spans
 * into usable durations and clock-skew exclusions.
 */
import type { SpanStats } from '../model/facts.ts';

const MS_PER_SECOND = 1000;

/** `percentile_cont(p)`: position p·(n−1) in the sorted values, linearly interpolated. */
export function percentileCont(sortedAscending: Sorted, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within [0, 1], got ${p}`);
  const position = p * (sortedAscending.length - 1);
  const lower = sortedAscending[Math.floor(position)];
  const upper = sortedAscending[Math.ceil(position)];
  // An empty sample has no percentile; callers report null ("insufficient data") before asking.
  if (lower === undefined || upper === undefined) throw new RangeError('percentile of an empty sample');
  return lower + (upper - lower) * (position - Math.floor(position));
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError('mean of an empty sample');
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

function median(sortedAscending: Sorted): number {
  return percentileCont(sortedAscending, 0.5);
}

/** Values sorted ascending. */
export type Sorted = ArrayLike<number>;

/** In a typed array: it sorts numbers natively, several times faster than a comparator. */
export function sortAscending(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Durations in seconds, sorted, plus how many spans ran backwards (clock skew, DESIGN.md §3.2). */
export interface Spans {
  seconds: Sorted;
  excluded: number;
}

/** Turns `[start, end]` instant pairs (epoch ms) into durations; a negative span is excluded, not 0. */
export function toSpans(pairs: ReadonlyArray<readonly [number, number]>): Spans {
  return spansOf(
    pairs,
    (pair) => pair[0],
    (pair) => pair[1],
  );
}

/**
 * The spans from `start` to `end` of each item where both are known (epoch ms, null when unknown),
 * as toSpans, without building the pairs: lead time reads seven spans of every change.
 */
export function spansOf<T>(
  items: readonly T[],
  start: (item: T) => number | null,
  end: (item: T) => number | null,
): Spans {
  const seconds: number[] = [];
  let excluded = 0;
  for (const item of items) {
    const from = start(item);
    const to = end(item);
    if (from === null || to === null) continue;
    if (to < from) excluded += 1;
    else seconds.push((to - from) / MS_PER_SECOND);
  }
  return { seconds: sortAscending(seconds), excluded };
}

/** What lead time reports of a span, from its durations. */
export function spanStats({ seconds, excluded }: Spans): SpanStats {
  return {
    n: seconds.length,
    excluded,
    median: medianOrNull(seconds),
    p75: percentileOrNull(seconds, 0.75),
    p90: percentileOrNull(seconds, 0.9),
    mean: meanOrNull(seconds),
  };
}

/** Median, or null when there is nothing to take it of (`n = 0` is "insufficient data", never 0). */
export function medianOrNull(sortedAscending: Sorted): number | null {
  return sortedAscending.length === 0 ? null : median(sortedAscending);
}

export function percentileOrNull(sortedAscending: Sorted, p: number): number | null {
  return sortedAscending.length === 0 ? null : percentileCont(sortedAscending, p);
}

export function meanOrNull(values: ArrayLike<number>): number | null {
  return values.length === 0 ? null : mean(values);
}

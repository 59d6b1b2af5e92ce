/**
 * The few statistics DESIGN.md §3 names: interpolated percentiles (PostgreSQL's `percentile_cont`, so
 * the numbers match the SQL aggregates exactly), the arithmetic mean, and the split of measured spans
 * into usable durations and clock-skew exclusions.
 */

const MS_PER_SECOND = 1000;

/** `percentile_cont(p)`: position p·(n−1) in the sorted values, linearly interpolated. */
export function percentileCont(sortedAscending: number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within [0, 1], got ${p}`);
  const position = p * (sortedAscending.length - 1);
  const lower = sortedAscending[Math.floor(position)];
  const upper = sortedAscending[Math.ceil(position)];
  // An empty sample has no percentile; callers report null ("insufficient data") before asking.
  if (lower === undefined || upper === undefined) throw new RangeError('percentile of an empty sample');
  return lower + (upper - lower) * (position - Math.floor(position));
}

export function mean(values: number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty sample');
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function median(sortedAscending: number[]): number {
  return percentileCont(sortedAscending, 0.5);
}

export function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Durations in seconds, sorted, plus how many spans ran backwards (clock skew, DESIGN.md §3.2). */
export interface Spans {
  seconds: number[];
  excluded: number;
}

/** Turns `[start, end]` instant pairs (epoch ms) into durations; a negative span is excluded, not 0. */
export function toSpans(pairs: ReadonlyArray<readonly [number, number]>): Spans {
  const seconds: number[] = [];
  let excluded = 0;
  for (const [start, end] of pairs) {
    if (end < start) excluded += 1;
    else seconds.push((end - start) / MS_PER_SECOND);
  }
  return { seconds: sortAscending(seconds), excluded };
}

/** Median, or null when there is nothing to take it of (`n = 0` is "insufficient data", never 0). */
export function medianOrNull(sortedAscending: number[]): number | null {
  return sortedAscending.length === 0 ? null : median(sortedAscending);
}

export function percentileOrNull(sortedAscending: number[], p: number): number | null {
  return sortedAscending.length === 0 ? null : percentileCont(sortedAscending, p);
}

export function meanOrNull(values: number[]): number | null {
  return values.length === 0 ? null : mean(values);
}

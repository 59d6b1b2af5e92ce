/**
 * Zero-filled metric series (DESIGN.md §4 `/metrics/{metric}/series`): one point per calendar bucket
 * of the window, every bucket present. Each point reuses the metric's own compute function, so a
 * series can never disagree with the headline number about what a metric means.
 */
import type {
  Bucket,
  LeadTimeFact,
  DeploymentFact,
  IncidentFact,
  SeriesPoint,
  Window,
} from '../model/facts.ts';
import { computeChangeFailureRate } from './change-failure-rate.ts';
import { countedFinishes } from './deployment-frequency.ts';
import { leadSpanStats } from './lead-time.ts';
import { computeFailedDeploymentRecovery, computeTimeToRestore } from './recovery.ts';
import { computeReworkRate } from './rework-rate.ts';
import { bucketIndex, bucketStarts } from './window.ts';

export type SeriesMetric =
  | 'deployment-frequency'
  | 'lead-time'
  | 'change-failure-rate'
  | 'time-to-restore'
  | 'failed-deployment-recovery-time'
  | 'rework-rate';

export interface SeriesInput {
  deployments?: DeploymentFact[];
  /** Lead time reads only the instants it spans (whole ChangeFacts do too). */
  changes?: LeadTimeFact[];
  incidents?: IncidentFact[];
}

type Point = Omit<SeriesPoint, 'start'>;

/** A bucket's calendar start (for `start`) and its part of the window (for deciding membership). */
interface Slot {
  start: number;
  part: Window;
}

function slots(window: Window, bucket: Bucket, timezone: string): Slot[] {
  const starts = bucketStarts(window, bucket, timezone);
  return starts.map((start, i) => ({
    start,
    part: { from: Math.max(start, window.from), to: Math.min(starts[i + 1] ?? window.to, window.to) },
  }));
}

/**
 * What a series computes, step by step: a point, or undefined after a part of the work that
 * yields no point yet (sorting the facts into buckets), so the caller may give the event loop a
 * turn there too.
 */
export type SeriesStep = SeriesPoint | undefined;

/** Facts sorted into buckets per step: 60k facts at once were ~10 ms of event loop. */
const FACTS_PER_STEP = 5000;

/**
 * Sorts the facts into their bucket by one instant (a counting sort into one index array), then
 * turns every bucket (even empty) into a point, one at a time: the caller may give the event loop
 * a turn between points (service/report.ts). Only the bucket being computed is built as an array
 * of facts: an array per bucket for 3,660 daily buckets of 60k facts, all held at once, made the
 * garbage collector hold the event loop (tens of ms) during a 10-year daily series.
 */
function* series<T>(
  buckets: Slot[],
  facts: readonly T[],
  at: (fact: T) => number,
  point: (inBucket: T[], part: Window) => Point,
): Generator<SeriesStep> {
  const starts = buckets.map((slot) => slot.start);
  const bucketOf = new Int32Array(facts.length);
  const offsets = new Int32Array(buckets.length + 1);
  for (let f = 0; f < facts.length; f++) {
    if (f % FACTS_PER_STEP === FACTS_PER_STEP - 1) yield undefined;
    const instant = at(facts[f]!);
    const i = bucketIndex(starts, instant);
    const part = buckets[i]?.part;
    // The first bucket may start before `from` and the last end after `to`: only [from, to) counts.
    bucketOf[f] = part !== undefined && instant >= part.from && instant < part.to ? i : -1;
    if (bucketOf[f] !== -1) offsets[i + 1]! += 1;
  }
  for (let i = 0; i < buckets.length; i++) offsets[i + 1]! += offsets[i]!;
  const order = new Int32Array(offsets[buckets.length]!);
  const filled = offsets.slice(0, buckets.length);
  bucketOf.forEach((i, f) => {
    if (i !== -1) order[filled[i]!++] = f;
  });
  for (const [i, slot] of buckets.entries()) {
    const inBucket = Array.from(order.subarray(offsets[i]!, offsets[i + 1]!), (f) => facts[f]!);
    yield { start: new Date(slot.start).toISOString(), ...point(inBucket, slot.part) };
  }
}

/** `n = 0` means "insufficient data": the value is null, never 0 (DESIGN.md §3). */
const measured = (value: number | null, n: number): Point => ({ value: n === 0 ? null : value, n });

const finishedAt = (fact: DeploymentFact): number => fact.finishedAt;

/** Per metric: which facts, which instant puts a fact in a bucket, and the point a bucket yields. */
const SERIES: Record<SeriesMetric, (input: SeriesInput, buckets: Slot[]) => Generator<SeriesStep>> = {
  // Volume per bucket: an empty bucket is a real 0 deployments, not missing data. The headline's
  // count, without its level: the deploy-days per calendar week and month that grade it cost a few
  // calendar computations per point, which a 10-year daily series does not show.
  'deployment-frequency': (input, buckets) =>
    series(buckets, input.deployments ?? [], finishedAt, (facts, part) => {
      const count = countedFinishes(facts, part).length;
      return { value: count, n: count };
    }),
  'lead-time': (input, buckets) =>
    series(
      buckets,
      input.changes ?? [],
      (fact) => fact.deployedAt,
      // The headline's median lead time and count, without the stages a point does not show.
      (facts) => {
        const { median, n } = leadSpanStats(facts);
        return measured(median, n);
      },
    ),
  'change-failure-rate': (input, buckets) =>
    series(buckets, input.deployments ?? [], finishedAt, (facts) => {
      const { rate, total } = computeChangeFailureRate(facts, []);
      return measured(rate, total);
    }),
  'time-to-restore': (input, buckets) =>
    series(
      buckets,
      input.incidents ?? [],
      (fact) => fact.resolvedAt,
      (facts) => {
        const { median_seconds, n } = computeTimeToRestore(facts, []);
        return measured(median_seconds, n);
      },
    ),
  // Bucketed by the failed deployment's finish, as the headline metric selects its window.
  'failed-deployment-recovery-time': (input, buckets) =>
    series(buckets, input.deployments ?? [], finishedAt, (facts) => {
      const { median_seconds, n } = computeFailedDeploymentRecovery(facts, []);
      return measured(median_seconds, n);
    }),
  'rework-rate': (input, buckets) =>
    series(buckets, input.deployments ?? [], finishedAt, (facts) => {
      const { rate, total } = computeReworkRate(facts);
      return measured(rate, total);
    }),
};

/**
 * One point per calendar bucket intersecting the window, oldest first, computed as they are taken
 * (with undefined steps between, see SeriesStep).
 */
export function seriesSteps(
  metric: SeriesMetric,
  input: SeriesInput,
  window: Window,
  bucket: Bucket,
  timezone: string,
): Generator<SeriesStep> {
  return SERIES[metric](input, slots(window, bucket, timezone));
}

/** One point per calendar bucket intersecting the window; levels are not part of a point, so no bands. */
export function computeSeries(
  metric: SeriesMetric,
  input: SeriesInput,
  window: Window,
  bucket: Bucket,
  timezone: string,
): SeriesPoint[] {
  return [...seriesSteps(metric, input, window, bucket, timezone)].filter((step) => step !== undefined);
}

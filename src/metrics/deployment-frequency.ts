/**
 * Deployment frequency (DESIGN.md §3.1): successful production deployments finished in the window,
 * reported as volume (`count`, `per_day`, `per_week`) and graded by frequency (deploy-days).
 */
import type { BenchmarkBand, Bucket, DeploymentFact, Level, Window } from '../model/facts.ts';
import { deploymentFrequencyLevel } from './levels.ts';
import { bucketStartOfDate, bucketStarts, localDates, windowDays } from './window.ts';

export interface DeploymentFrequency {
  count: number;
  deploy_days: number;
  per_day: number | null;
  per_week: number | null;
  level: Level | null;
}

const inWindow = (instant: number, window: Window) => instant >= window.from && instant < window.to;

/**
 * Deploy-days per calendar bucket (Monday weeks, months, in the zone), oldest first, over the
 * buckets that lie wholly inside the window; a bucket without a deployment counts as 0, since
 * leaving it out would grade a team by its busy weeks only. Partial buckets at the edges are left
 * out: a 7-day window from a Wednesday would otherwise split into weeks [3, 2] and grade a team
 * deploying every workday below "on demand". A window holding no whole bucket is one period.
 */
function deployDaysPerBucket(
  deployDays: ReadonlySet<string>,
  window: Window,
  bucket: Bucket,
  timezone: string,
): number[] {
  const whole = wholeBuckets(window, bucket, timezone);
  if (whole.length === 0) return [deployDays.size];
  const perBucket = new Map<number, number>(whole.map((start) => [start, 0]));
  for (const day of deployDays) {
    const start = bucketStartOfDate(day, bucket, timezone);
    const seen = perBucket.get(start);
    if (seen !== undefined) perBucket.set(start, seen + 1);
  }
  return [...perBucket.values()];
}

/**
 * The starts of the buckets wholly inside the window, remembered for the last few windows: a
 * grouped answer grades 200 services over the same window, and recomputing the calendar for each
 * was a third of its JavaScript time.
 */
const wholeBucketsSeen = new Map<string, number[]>();
const WHOLE_BUCKETS_KEPT = 16;

function wholeBuckets(window: Window, bucket: Bucket, timezone: string): readonly number[] {
  const key = `${window.from} ${window.to} ${bucket} ${timezone}`;
  let whole = wholeBucketsSeen.get(key);
  if (whole === undefined) {
    const starts = bucketStarts({ from: window.from, to: window.to + 1 }, bucket, timezone);
    whole = starts.filter((start, i) => start >= window.from && (starts[i + 1] ?? Infinity) <= window.to);
    if (wholeBucketsSeen.size >= WHOLE_BUCKETS_KEPT) wholeBucketsSeen.clear();
    wholeBucketsSeen.set(key, whole);
  }
  return whole;
}

/** The finish instants of the successful deployments in the window: what deployment frequency counts. */
export const countedFinishes = (facts: readonly DeploymentFact[], window: Window): number[] =>
  facts
    .filter((fact) => fact.status === 'success' && inWindow(fact.finishedAt, window))
    .map((fact) => fact.finishedAt);

export function computeDeploymentFrequency(
  facts: DeploymentFact[],
  window: Window,
  timezone: string,
  bands: readonly BenchmarkBand[],
): DeploymentFrequency {
  const finished = countedFinishes(facts, window);
  const count = finished.length;
  // Local calendar days in the configured zone (DESIGN.md §3), so a day can be 23 or 25 hours long.
  const days = localDates(finished, timezone);
  if (count === 0) return { count, deploy_days: 0, per_day: null, per_week: null, level: null };
  const per_day = count / windowDays(window);
  const level = deploymentFrequencyLevel(
    deployDaysPerBucket(days, window, 'week', timezone),
    deployDaysPerBucket(days, window, 'month', timezone),
    bands,
  );
  return { count, deploy_days: days.size, per_day, per_week: per_day * 7, level };
}

/**
 * The per-item facts the store selects for a metric window and the pure metric code aggregates.
 * Keeping the selection (SQL) apart from the arithmetic (metrics/) lets every definition of
 * DESIGN.md §3 be tested on hand-written facts. All instants are epoch milliseconds.
 */
import type { DeploymentKind, DeploymentStatus } from './events.ts';

/** A time window `[from, to)`. */
export interface Window {
  from: number;
  to: number;
}

/** A production deployment (successful or not) that finished in the window. */
export interface DeploymentFact {
  finishedAt: number;
  status: DeploymentStatus;
  /** The effective kind: as given by the source, or an inferred rollback. */
  kind: DeploymentKind;
  /** Linked by the source as fixing one or more incidents. */
  fixesIncident: boolean;
  /** At least one counted incident is attributed to this deployment. */
  hasIncident: boolean;
  /** Finish of the next successful deployment of the stream when that one is a rollback or hotfix. */
  remediatedAt: number | null;
  /** When the last of its attributed counted incidents was resolved; null if none or one is open. */
  incidentsResolvedAt: number | null;
}

/** A change whose first successful production deployment finished in the window. */
export interface ChangeFact {
  deployedAt: number;
  /** committed_at, else authored_at; null when neither is known. */
  committedAt: number | null;
  prOpenedAt: number | null;
  firstReviewAt: number | null;
  approvedAt: number | null;
  mergedAt: number | null;
}

/** The two instants of a change that lead time itself spans: all a lead-time series reads. */
export type LeadTimeFact = Pick<ChangeFact, 'committedAt' | 'deployedAt'>;

/** The spans lead time reports: commit → deployed, and each pull-request stage (DESIGN.md §3.2). */
export type LeadTimeSpan =
  'lead' | 'coding' | 'pickup' | 'review' | 'deploy' | 'review_lead_time' | 'deployment_lead_time';

type ChangeInstant = keyof ChangeFact;

/** Each span's [start, end] instants; the last two are the review / deployment split DevOpstic users know. */
export const LEAD_TIME_SPANS: Readonly<Record<LeadTimeSpan, readonly [ChangeInstant, ChangeInstant]>> = {
  lead: ['committedAt', 'deployedAt'],
  coding: ['committedAt', 'prOpenedAt'],
  pickup: ['prOpenedAt', 'firstReviewAt'],
  review: ['firstReviewAt', 'mergedAt'],
  deploy: ['mergedAt', 'deployedAt'],
  review_lead_time: ['prOpenedAt', 'approvedAt'],
  deployment_lead_time: ['approvedAt', 'deployedAt'],
};

/**
 * Statistics of the durations (seconds) of one span over a set of changes, counting only those
 * where both ends are known; a backwards span (clock skew) is `excluded`, not measured.
 */
export interface SpanStats {
  n: number;
  excluded: number;
  median: number | null;
  p75: number | null;
  p90: number | null;
  mean: number | null;
}

/** Every span's statistics, and how many measured changes (the lead span's n) had a pull request. */
export type LeadTimeStats = Record<LeadTimeSpan, SpanStats> & { withPullRequest: number };

/** A counted incident resolved in the window. */
export interface IncidentFact {
  startedAt: number;
  resolvedAt: number;
}

export type Level = 'elite' | 'high' | 'medium' | 'low';
export const LEVELS: readonly Level[] = ['elite', 'high', 'medium', 'low'];

export type BenchmarkMetric =
  | 'deployment_frequency'
  | 'lead_time'
  | 'change_failure_rate'
  | 'time_to_restore'
  | 'failed_deployment_recovery_time';

/**
 * One row of the `dora_benchmarks` table. A value reaches `level` when it is at most `bound`
 * (`comparison: 'max'`) or at least `bound` (`'min'`); bands are tried from elite to low and the
 * first that holds wins; a null bound always holds. `unit` says what the bound measures:
 * `seconds`, `ratio`, or for deployment frequency `deploy_days_per_week` / `deploy_days_per_month`
 * (medians over the window's calendar weeks or months).
 */
export interface BenchmarkBand {
  year: number;
  metric: BenchmarkMetric;
  level: Level;
  comparison: 'max' | 'min';
  bound: number | null;
  unit: 'seconds' | 'ratio' | 'deploy_days_per_week' | 'deploy_days_per_month';
}

export type Bucket = 'day' | 'week' | 'month' | 'year';

export interface SeriesPoint {
  /** Bucket start, UTC ISO 8601. */
  start: string;
  value: number | null;
  n: number;
}

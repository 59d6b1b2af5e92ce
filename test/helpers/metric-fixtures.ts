/**
 * Builders and band tables shared by the pure metric tests in src/metrics/*.test.ts. Each test
 * file keeps its own expected values, and any builder or band table only it uses.
 */
import type {
  BenchmarkBand,
  Bucket,
  ChangeFact,
  DeploymentFact,
  IncidentFact,
  Level,
  SeriesPoint,
} from '../../src/model/facts.ts';
import type { DeploymentFrequency } from '../../src/metrics/deployment-frequency.ts';
import type { SeriesInput, SeriesMetric } from '../../src/metrics/series.ts';

export const t = (iso: string): number => Date.parse(iso);
export const iso = (instant: number): string => new Date(instant).toISOString();
/** Expected instants are written short ('2026-03-01T00:00Z') and compared in full ISO form. */
export const full = (short: string): string => iso(t(short));

export const T0 = Date.parse('2026-03-02T10:00:00Z');
export const HOUR = 3_600_000;

/** A successful standard deployment finished at T0, with no incident or remediation. */
export const deployment = (overrides: Partial<DeploymentFact> = {}): DeploymentFact => ({
  finishedAt: T0,
  status: 'success',
  kind: 'standard',
  fixesIncident: false,
  hasIncident: false,
  remediatedAt: null,
  incidentsResolvedAt: null,
  ...overrides,
});
/** The same, finished at an ISO instant. */
export const deployed = (at: string, overrides: Partial<DeploymentFact> = {}): DeploymentFact =>
  deployment({ finishedAt: t(at), ...overrides });
/** One argument only, so that it can be passed to `map`. */
export const ok = (at: string): DeploymentFact => deployed(at);
/** A failed deployment attempt. */
export const attempt = (at: string): DeploymentFact => deployed(at, { status: 'failure' });

/** A change with no pull request stage unless given. */
export const changeFact = (
  committedAt: number | null,
  deployedAt: number,
  pr: Partial<Pick<ChangeFact, 'prOpenedAt' | 'firstReviewAt' | 'approvedAt' | 'mergedAt'>> = {},
): ChangeFact => ({
  committedAt,
  deployedAt,
  prOpenedAt: null,
  firstReviewAt: null,
  approvedAt: null,
  mergedAt: null,
  ...pr,
});

export const incidentFact = (startedAt: number, resolvedAt: number): IncidentFact => ({
  startedAt,
  resolvedAt,
});

/** Numbers compared to 1e-9: a rate by hand and in code may differ in the last bit. */
export const rounded = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)),
  );

// The deployment frequency rows of src/store/migrations/0002_dora_benchmarks.sql (same every year).
const frequency = (level: Level, bound: number | null, unit: BenchmarkBand['unit']): BenchmarkBand => ({
  year: 2024,
  metric: 'deployment_frequency',
  level,
  comparison: 'min',
  bound,
  unit,
});
export const FREQUENCY: BenchmarkBand[] = [
  frequency('elite', 5, 'deploy_days_per_week'),
  frequency('high', 1, 'deploy_days_per_week'),
  frequency('medium', 1, 'deploy_days_per_month'),
  frequency('low', null, 'deploy_days_per_month'),
];

/** An expected deployment frequency. */
export const frequencyResult = (
  count: number,
  deploy_days: number,
  per_day: number | null,
  per_week: number | null,
  level: Level | null,
): DeploymentFrequency => ({ count, deploy_days, per_day, per_week, level });

/** Expected series points as [start (short ISO, UTC), value, n]. */
export const points = (rows: [string, number | null, number][]): SeriesPoint[] =>
  rows.map(([start, value, n]) => ({ start: new Date(t(start)).toISOString(), value, n }));

export interface SeriesCase {
  name: string;
  metric: SeriesMetric;
  input: SeriesInput;
  window: [string, string];
  bucket: Bucket;
  zone: string;
  expected: SeriesPoint[];
}

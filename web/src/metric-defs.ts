/**
 * The cards: for each metric, where its value, sample and level are in `GET /api/v1/metrics`, its
 * series, which way is better, and which evidence list proves it. Recovery is shown twice, as
 * DORA reports it since 2023 (failed deployment recovery time) and as time to restore service.
 */
import { formatDuration, formatFrequency, formatRate } from './format.ts';
import type { Level, Metrics, SeriesMetric } from './types.ts';

export type EvidenceTab = 'deployments' | 'changes' | 'incidents';

export interface MetricDef {
  key: string;
  title: string;
  series: SeriesMetric;
  unit: 'frequency' | 'duration' | 'rate';
  /** The number compared with the previous period (per day for frequency). */
  value(m: Metrics): number | null;
  text(m: Metrics): string;
  sample(m: Metrics): number;
  sampleLabel: string;
  /** `undefined`: the metric has no DORA band (rework rate). */
  level(m: Metrics): Level | null | undefined;
  better: 'higher' | 'lower';
  /**
   * The evidence tab and preset (pages/evidence-query.ts PRESETS): its total is `sample`, or for
   * the two rates their numerator (failed, rework) shown beside the sample.
   */
  evidence: { tab: EvidenceTab; only?: string };
  formatPoint(value: number): string;
}

const ifSample = (n: number, value: number | null) => (n > 0 ? value : null);

export const METRICS: readonly MetricDef[] = [
  {
    key: 'deployment_frequency',
    title: 'Deployment frequency',
    series: 'deployment-frequency',
    unit: 'frequency',
    value: (m) => ifSample(m.deployment_frequency.count, m.deployment_frequency.per_day),
    text: (m) => formatFrequency(m.deployment_frequency.per_day, m.deployment_frequency.per_week),
    sample: (m) => m.deployment_frequency.count,
    sampleLabel: 'deployments',
    level: (m) => m.deployment_frequency.level,
    better: 'higher',
    evidence: { tab: 'deployments', only: 'counted' },
    formatPoint: (value) => `${value} deployments`,
  },
  {
    key: 'lead_time',
    title: 'Change lead time (median)',
    series: 'lead-time',
    unit: 'duration',
    value: (m) => ifSample(m.lead_time.n, m.lead_time.median_seconds),
    text: (m) => formatDuration(m.lead_time.median_seconds ?? 0),
    sample: (m) => m.lead_time.n,
    sampleLabel: 'changes',
    level: (m) => m.lead_time.level,
    better: 'lower',
    evidence: { tab: 'changes', only: 'lead' },
    formatPoint: formatDuration,
  },
  {
    key: 'change_failure_rate',
    title: 'Change failure rate',
    series: 'change-failure-rate',
    unit: 'rate',
    value: (m) => ifSample(m.change_failure_rate.total, m.change_failure_rate.rate),
    text: (m) => formatRate(m.change_failure_rate.rate ?? 0),
    sample: (m) => m.change_failure_rate.total,
    sampleLabel: 'deployments',
    level: (m) => m.change_failure_rate.level,
    better: 'lower',
    evidence: { tab: 'deployments', only: 'failed' },
    formatPoint: formatRate,
  },
  {
    key: 'failed_deployment_recovery_time',
    title: 'Failed deployment recovery time',
    series: 'failed-deployment-recovery-time',
    unit: 'duration',
    value: (m) =>
      ifSample(m.failed_deployment_recovery_time.n, m.failed_deployment_recovery_time.median_seconds),
    text: (m) => formatDuration(m.failed_deployment_recovery_time.median_seconds ?? 0),
    sample: (m) => m.failed_deployment_recovery_time.n,
    sampleLabel: 'failed deployments',
    level: (m) => m.failed_deployment_recovery_time.level,
    better: 'lower',
    evidence: { tab: 'deployments', only: 'remediated' },
    formatPoint: formatDuration,
  },
  {
    key: 'time_to_restore',
    title: 'Time to restore service',
    series: 'time-to-restore',
    unit: 'duration',
    value: (m) => ifSample(m.time_to_restore.n, m.time_to_restore.median_seconds),
    text: (m) => formatDuration(m.time_to_restore.median_seconds ?? 0),
    sample: (m) => m.time_to_restore.n,
    sampleLabel: 'incidents',
    level: (m) => m.time_to_restore.level,
    better: 'lower',
    evidence: { tab: 'incidents', only: 'restored' },
    formatPoint: formatDuration,
  },
  {
    key: 'rework_rate',
    title: 'Deployment rework rate',
    series: 'rework-rate',
    unit: 'rate',
    value: (m) => ifSample(m.rework_rate.total, m.rework_rate.rate),
    text: (m) => formatRate(m.rework_rate.rate ?? 0),
    sample: (m) => m.rework_rate.total,
    sampleLabel: 'deployments',
    level: () => undefined,
    better: 'lower',
    evidence: { tab: 'deployments', only: 'rework' },
    formatPoint: formatRate,
  },
];

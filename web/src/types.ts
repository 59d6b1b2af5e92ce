/** The shapes of the API answers the dashboard reads (docs/api.md, DESIGN.md §4). */
export type Level = 'elite' | 'high' | 'medium' | 'low';

export interface Window {
  from: string;
  to: string;
}

export interface Metrics {
  window: Window;
  benchmark: number;
  timezone: string;
  deployment_frequency: {
    count: number;
    deploy_days: number;
    per_day: number;
    per_week: number;
    level: Level | null;
    window: Window;
  };
  lead_time: {
    n: number;
    median_seconds: number | null;
    p75_seconds: number | null;
    p90_seconds: number | null;
    with_pull_request: number;
    stages: Record<LeadTimeStage, StageFigures>;
    level: Level | null;
  };
  change_failure_rate: {
    total: number;
    failed: number;
    rate: number | null;
    failed_attempts: number;
    level: Level | null;
    window: Window;
  };
  time_to_restore: { n: number; median_seconds: number | null; level: Level | null };
  failed_deployment_recovery_time: { n: number; median_seconds: number | null; level: Level | null };
  rework_rate: { total: number; rework: number; rate: number | null };
  level: Level | null;
}

export type LeadTimeStage =
  'coding' | 'pickup' | 'review' | 'deploy' | 'review_lead_time' | 'deployment_lead_time';

export interface StageFigures {
  n: number;
  median_seconds: number | null;
  p75_seconds: number | null;
  mean_seconds: number | null;
}

/** `GET /api/v1/benchmarks`: the band tables the levels are read against. */
export interface BenchmarkBand {
  metric: string;
  level: Level;
  comparison: 'max' | 'min';
  bound: number | null;
  unit: 'seconds' | 'ratio' | 'deploy_days_per_week' | 'deploy_days_per_month';
}

export interface BenchmarkTable {
  year: number;
  source: { title: string; url: string };
  bands: BenchmarkBand[];
}

export interface Benchmarks {
  default_year: number;
  years: BenchmarkTable[];
}

export type SeriesMetric =
  | 'deployment-frequency'
  | 'lead-time'
  | 'change-failure-rate'
  | 'time-to-restore'
  | 'failed-deployment-recovery-time'
  | 'rework-rate';

export interface SeriesPoint {
  start: string;
  value: number | null;
  n: number;
}

export interface Series {
  metric: SeriesMetric;
  bucket: string;
  window: Window;
  points: SeriesPoint[];
}

export interface Page<T> {
  window: Window;
  /** Rows matching the filters over the whole window. */
  total: number;
  items: T[];
  next_cursor: string | null;
}

export interface ChangeOfDeployment {
  sha: string;
  repository: string | null;
  committed_at: string | null;
  first_production: boolean;
  lead_time_seconds: number | null;
  pull_request?: number | null;
  links?: SourceLinks;
}

/** URLs at the source, when the source names the repository host. */
export interface SourceLinks {
  commit: string | null;
  pull_request: string | null;
  /** Deployments: the pipeline run or job log the source named. */
  pipeline?: string | null;
}

export interface IncidentItem {
  id: string;
  service: string | null;
  environment: string | null;
  severity: string | null;
  title: string | null;
  started_at: string;
  resolved_at: string | null;
  counted: boolean;
  restored?: boolean;
  restore_seconds: number | null;
  deployment: { id: string; attribution_method: string } | null;
  /** The incident's page at its source. */
  links?: { incident: string | null };
}

export interface DeploymentItem {
  id: string;
  source: string;
  service: string;
  environment: string;
  production: boolean;
  status: 'success' | 'failure';
  kind: string;
  finished_at: string;
  version: string | null;
  commit: string | null;
  failed: boolean;
  rework: boolean;
  remediated?: boolean;
  repository?: string | null;
  fixes_incidents?: string[];
  remediated_at?: string | null;
  recovered_at?: string | null;
  recovery_seconds: number | null;
  links?: SourceLinks;
  changes: ChangeOfDeployment[];
  incidents: IncidentItem[];
}

export interface ChangeItem {
  sha: string;
  repository: string | null;
  service: string | null;
  committed_at: string | null;
  author: string | null;
  message: string | null;
  pull_request: { number: number } | null;
  lead_time_seconds: number | null;
  stages?: Record<'coding' | 'pickup' | 'review' | 'deploy', number | null>;
  links?: SourceLinks;
  first_production_deployment: { id: string; environment: string; finished_at: string } | null;
}

export interface CatalogService {
  name: string;
  team: string | null;
  application?: string | null;
  production_environments: string[];
}

/** One `event: ingest` message of `GET /api/v1/events/live`. */
export interface LiveEvent {
  received_at: string;
  source: string;
  type: string | null;
  delivery_id: string | null;
  status: 'stored' | 'duplicate' | 'ignored' | 'failed' | 'rejected';
  rows: { changes: number; deployments: number; incidents: number };
  reasons: string[];
  /** Events stored that will not count, and why. */
  warnings: IngestWarning[];
  error: { code: string; message: string; field?: string } | null;
  /** Null for history (replayed from the raw log when the stream opened). */
  http_status: number | null;
  history: boolean;
}

export interface IngestWarning {
  code: string;
  message: string;
  kind: 'deployment' | 'incident';
  index: number;
  id: string;
}

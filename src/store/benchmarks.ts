/**
 * The DORA benchmark bands of one report year (`dora_benchmarks`, migration 0002). The columns are
 * plain text in SQL, so each row is checked against the domain's closed sets before it is trusted.
 */
import { LEVELS, type BenchmarkBand, type BenchmarkMetric, type Level } from '../model/facts.ts';
import type { Queryable } from './db.ts';

interface BenchmarkBandRow {
  year: number;
  metric: string;
  level: string;
  comparison: string;
  bound: number | null;
  unit: string;
}

const METRICS: readonly BenchmarkMetric[] = [
  'deployment_frequency',
  'lead_time',
  'change_failure_rate',
  'time_to_restore',
  'failed_deployment_recovery_time',
];
const COMPARISONS: readonly BenchmarkBand['comparison'][] = ['max', 'min'];
const UNITS: readonly BenchmarkBand['unit'][] = [
  'seconds',
  'ratio',
  'deploy_days_per_week',
  'deploy_days_per_month',
];

function oneOf<T extends string>(allowed: readonly T[], value: string, column: string): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new Error(`dora_benchmarks.${column} has an unknown value: ${value}`);
  return found;
}

function toBenchmarkBand(row: BenchmarkBandRow): BenchmarkBand {
  return {
    year: row.year,
    metric: oneOf(METRICS, row.metric, 'metric'),
    level: oneOf<Level>(LEVELS, row.level, 'level'),
    comparison: oneOf(COMPARISONS, row.comparison, 'comparison'),
    bound: row.bound,
    unit: oneOf(UNITS, row.unit, 'unit'),
  };
}

/** Every band of `year`, elite first within each metric; empty when the year is not in the table. */
export async function selectBenchmarkBands(db: Queryable, year: number): Promise<BenchmarkBand[]> {
  const rows = await db.query<BenchmarkBandRow>(
    `select year, metric, level, comparison, bound::float8 as bound, unit
       from dora_benchmarks
      where year = $1
      order by metric, array_position(array['elite', 'high', 'medium', 'low'], level)`,
    [year],
  );
  return rows.map(toBenchmarkBand);
}

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BenchmarkBand, BenchmarkMetric, Level } from '../model/facts.ts';
import { levelFor } from './levels.ts';

// The duration and ratio rows of src/store/migrations/0002_dora_benchmarks.sql, copied as literals:
// [year, metric, level, max bound]. Omitted levels (duplicated or unreachable ranges) have no row.
const ROWS: [number, BenchmarkMetric, Level, number | null][] = [
  [2021, 'lead_time', 'elite', 3600],
  [2021, 'lead_time', 'high', 604800],
  [2021, 'lead_time', 'medium', 15552000],
  [2021, 'lead_time', 'low', null],
  [2021, 'time_to_restore', 'elite', 3600],
  [2021, 'time_to_restore', 'high', 86400],
  [2021, 'time_to_restore', 'medium', 604800],
  [2021, 'time_to_restore', 'low', null],
  [2021, 'failed_deployment_recovery_time', 'elite', 3600],
  [2021, 'failed_deployment_recovery_time', 'high', 86400],
  [2021, 'failed_deployment_recovery_time', 'medium', 604800],
  [2021, 'failed_deployment_recovery_time', 'low', null],
  [2021, 'change_failure_rate', 'elite', 0.15],
  [2021, 'change_failure_rate', 'high', 0.3],
  [2021, 'change_failure_rate', 'low', null],
  [2023, 'lead_time', 'elite', 86400],
  [2023, 'lead_time', 'high', 604800],
  [2023, 'lead_time', 'medium', 2592000],
  [2023, 'lead_time', 'low', null],
  [2023, 'time_to_restore', 'elite', 3600],
  [2023, 'time_to_restore', 'high', 86400],
  [2023, 'time_to_restore', 'medium', 604800],
  [2023, 'time_to_restore', 'low', null],
  [2023, 'failed_deployment_recovery_time', 'elite', 3600],
  [2023, 'failed_deployment_recovery_time', 'high', 86400],
  [2023, 'failed_deployment_recovery_time', 'medium', 604800],
  [2023, 'failed_deployment_recovery_time', 'low', null],
  [2023, 'change_failure_rate', 'elite', 0.05],
  [2023, 'change_failure_rate', 'high', 0.1],
  [2023, 'change_failure_rate', 'medium', 0.15],
  [2023, 'change_failure_rate', 'low', null],
  [2024, 'lead_time', 'elite', 86400],
  [2024, 'lead_time', 'high', 604800],
  [2024, 'lead_time', 'medium', 2592000],
  [2024, 'lead_time', 'low', null],
  [2024, 'time_to_restore', 'elite', 3600],
  [2024, 'time_to_restore', 'high', 86400],
  [2024, 'time_to_restore', 'low', null],
  [2024, 'failed_deployment_recovery_time', 'elite', 3600],
  [2024, 'failed_deployment_recovery_time', 'high', 86400],
  [2024, 'failed_deployment_recovery_time', 'low', null],
  [2024, 'change_failure_rate', 'elite', 0.05],
  [2024, 'change_failure_rate', 'high', 0.2],
  [2024, 'change_failure_rate', 'low', null],
];

const bandsOf = (year: number): BenchmarkBand[] =>
  ROWS.filter(([rowYear]) => rowYear === year).map(([, metric, level, bound]) => ({
    year,
    metric,
    level,
    comparison: 'max',
    bound,
    unit: metric === 'change_failure_rate' ? 'ratio' : 'seconds',
  }));

// [metric, value, expected level] at and just past every edge; bounds are inclusive ("at most").
const EDGES: Record<number, [BenchmarkMetric, number, Level][]> = {
  2021: [
    ['lead_time', 0, 'elite'],
    ['lead_time', 3600, 'elite'],
    ['lead_time', 3601, 'high'], // the unpublished 1 hour – 1 day gap goes to the next-worse level
    ['lead_time', 604800, 'high'],
    ['lead_time', 604801, 'medium'], // the 1 week – 1 month gap likewise
    ['lead_time', 15552000, 'medium'],
    ['lead_time', 15552001, 'low'],
    ['time_to_restore', 3600, 'elite'],
    ['time_to_restore', 86400, 'high'],
    ['time_to_restore', 86401, 'medium'],
    ['time_to_restore', 604800, 'medium'],
    ['time_to_restore', 604801, 'low'],
    ['failed_deployment_recovery_time', 3601, 'high'],
    ['failed_deployment_recovery_time', 604801, 'low'],
    ['change_failure_rate', 0, 'elite'],
    ['change_failure_rate', 0.15, 'elite'],
    ['change_failure_rate', 0.155, 'high'],
    ['change_failure_rate', 0.3, 'high'], // medium published the same 16–30%: unreachable
    ['change_failure_rate', 0.31, 'low'],
  ],
  2023: [
    ['lead_time', 86400, 'elite'],
    ['lead_time', 86401, 'high'],
    ['lead_time', 604800, 'high'],
    ['lead_time', 604801, 'medium'],
    ['lead_time', 2592000, 'medium'],
    ['lead_time', 2592001, 'low'],
    ['time_to_restore', 3600, 'elite'],
    ['time_to_restore', 3601, 'high'],
    ['time_to_restore', 86401, 'medium'],
    ['time_to_restore', 604801, 'low'],
    ['failed_deployment_recovery_time', 604800, 'medium'],
    ['failed_deployment_recovery_time', 604801, 'low'],
    ['change_failure_rate', 0.05, 'elite'],
    ['change_failure_rate', 0.0501, 'high'],
    ['change_failure_rate', 0.1, 'high'],
    ['change_failure_rate', 0.1001, 'medium'],
    ['change_failure_rate', 0.15, 'medium'],
    ['change_failure_rate', 0.1501, 'low'],
    ['change_failure_rate', 1, 'low'],
  ],
  2024: [
    ['lead_time', 86400, 'elite'],
    ['lead_time', 86401, 'high'],
    ['lead_time', 604801, 'medium'],
    ['lead_time', 2592001, 'low'],
    ['time_to_restore', 3600, 'elite'],
    ['time_to_restore', 86400, 'high'],
    ['time_to_restore', 86401, 'low'], // medium published "< 1 day" like high: no medium row
    ['failed_deployment_recovery_time', 3601, 'high'],
    ['failed_deployment_recovery_time', 86401, 'low'],
    ['change_failure_rate', 0.05, 'elite'],
    ['change_failure_rate', 0.1, 'high'], // 2024 medium (10%) is unreachable after high (20%)
    ['change_failure_rate', 0.2, 'high'],
    ['change_failure_rate', 0.2001, 'low'],
    ['change_failure_rate', 0.4, 'low'],
  ],
};

for (const year of [2021, 2023, 2024]) {
  describe(`${year} bands`, () => {
    for (const [metric, value, expected] of EDGES[year] ?? []) {
      test(`${metric} ${value} → ${expected}`, () =>
        assert.equal(levelFor(metric, value, bandsOf(year)), expected));
    }
  });
}

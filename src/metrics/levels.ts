/**
 * DORA performance levels from a benchmark table (`dora_benchmarks`, DESIGN.md §3 "Levels"). The
 * bands are data, not code, so a new report year is a migration, not a release.
 */
import { LEVELS, type BenchmarkBand, type BenchmarkMetric, type Level } from '../model/facts.ts';
import { medianOrNull, sortAscending } from './stats.ts';

type BandUnit = BenchmarkBand['unit'];

function holds(band: BenchmarkBand, value: number | null): boolean {
  // A null bound is the catch-all (the "low" row): it always holds.
  if (band.bound === null) return true;
  if (value === null) return false;
  return band.comparison === 'max' ? value <= band.bound : value >= band.bound;
}

/** The metric's bands with the given units, elite first, so the first that holds is the best level. */
function bandsFor(
  metric: BenchmarkMetric,
  units: readonly BandUnit[],
  bands: readonly BenchmarkBand[],
): BenchmarkBand[] {
  return bands
    .filter((band) => band.metric === metric && units.includes(band.unit))
    .sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
}

/** Level of a duration (seconds) or ratio; null when there is no value (`n = 0`) or no band holds. */
export function levelFor(
  metric: BenchmarkMetric,
  value: number | null,
  bands: readonly BenchmarkBand[],
): Level | null {
  if (value === null) return null;
  const band = bandsFor(metric, ['seconds', 'ratio'], bands).find((candidate) => holds(candidate, value));
  return band?.level ?? null;
}

/**
 * DESIGN.md §3.1 grades frequency, not volume: the median deploy-days per calendar week, then per
 * calendar month, against bands in `deploy_days_per_week` / `deploy_days_per_month`.
 */
export function deploymentFrequencyLevel(
  deployDaysPerWeek: number[],
  deployDaysPerMonth: number[],
  bands: readonly BenchmarkBand[],
): Level | null {
  if (deployDaysPerWeek.length === 0 && deployDaysPerMonth.length === 0) return null;
  const medians: Partial<Record<BandUnit, number | null>> = {
    deploy_days_per_week: medianOrNull(sortAscending(deployDaysPerWeek)),
    deploy_days_per_month: medianOrNull(sortAscending(deployDaysPerMonth)),
  };
  const units: BandUnit[] = ['deploy_days_per_week', 'deploy_days_per_month'];
  const band = bandsFor('deployment_frequency', units, bands).find((candidate) =>
    holds(candidate, medians[candidate.unit] ?? null),
  );
  return band?.level ?? null;
}

/** DESIGN.md §3: the overall level is the lowest (worst) of the known ones; null when none is known. */
export function overallLevel(levels: (Level | null)[]): Level | null {
  let worst: Level | null = null;
  for (const level of levels) {
    if (level !== null && (worst === null || LEVELS.indexOf(level) > LEVELS.indexOf(worst))) worst = level;
  }
  return worst;
}

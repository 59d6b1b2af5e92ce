/**
 * A DORA band's bound in words ("≤ 1 day", "≥ 5 deploy-days a week"), as the "?" popovers and the
 * benchmarks page print it. Pure: the browser tests import it to compare the page with the API.
 */
import type { BenchmarkBand, Level } from './types.ts';

export const LEVEL_ORDER: readonly Level[] = ['elite', 'high', 'medium', 'low'];

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

/** Whole weeks, days or hours where the bound is one; the bands are all round numbers. */
export function durationWords(seconds: number): string {
  if (seconds % 604_800 === 0 && seconds < 2_592_000) return plural(seconds / 604_800, 'week');
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  return plural(Math.round(seconds / 60), 'minute');
}

const boundWords = (band: BenchmarkBand & { bound: number }): string => {
  switch (band.unit) {
    case 'seconds':
      return durationWords(band.bound);
    case 'ratio':
      return `${Math.round(band.bound * 1000) / 10}%`;
    case 'deploy_days_per_week':
      return `${plural(band.bound, 'deploy-day')} a week`;
    case 'deploy_days_per_month':
      return `${plural(band.bound, 'deploy-day')} a month`;
  }
};

/** The band's condition; a null bound is the catch-all below the better bands. */
export function bandWords(band: BenchmarkBand): string {
  if (band.bound === null) {
    if (band.comparison === 'min') return 'less often';
    return band.unit === 'ratio' ? 'higher' : 'longer';
  }
  return `${band.comparison === 'max' ? '≤' : '≥'} ${boundWords({ ...band, bound: band.bound })}`;
}

/** The four levels of one metric in order; a level the report makes unreachable is undefined. */
export function bandsOf(bands: readonly BenchmarkBand[], metric: string): (BenchmarkBand | undefined)[] {
  return LEVEL_ORDER.map((level) => bands.find((band) => band.metric === metric && band.level === level));
}

/** What a missing level means, for a reader. */
export const UNREACHABLE =
  'not reachable: the report gives this level a range that a better level already covers';

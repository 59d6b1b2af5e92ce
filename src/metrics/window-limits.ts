/**
 * The bounds on what a query may ask for (DESIGN.md §1: no request does unbounded work). Every
 * window a request resolves passes `checkWindow`, every time parameter `checkInstant`, and the bucket
 * loop stops at `MAX_BUCKETS`, so a window of 1,000 years is refused up front instead of holding the
 * event loop for half a minute.
 */
import type { Window } from '../model/facts.ts';

const MS_PER_DAY = 86_400_000;

/**
 * Ten years and a week: ten calendar years span at most 3,653 days (three leap days), and the margin
 * lets "the last ten years" ending at any local time of day fit. The settings' default windows have
 * the same ceiling. A daily series then has at most 3,661 points.
 */
export const MAX_WINDOW_DAYS = 3660;

/** Points per series; above any window's daily buckets, so it only guards the loop itself. */
export const MAX_BUCKETS = 5000;

/**
 * Times are held from the Unix epoch to the end of year 9999 UTC: nothing delivered software did
 * predates 1970, and PostgreSQL refuses the `+010000-…` an instant after 9999 prints as.
 */
const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
const LATEST_INSTANT = Date.UTC(10000, 0, 1) - 1;

/** A window, time or bucketing a query may not ask for; `field` names the parameter to blame. */
export class WindowError extends Error {
  readonly field: string;

  constructor(message: string, field: string) {
    super(message);
    this.name = 'WindowError';
    this.field = field;
  }
}

const iso = (instant: number) => new Date(instant).toISOString();

/** Refuses a time outside 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z, naming the parameter. */
export function checkInstant(field: string, instant: number): void {
  if (instant >= EARLIEST_INSTANT && instant <= LATEST_INSTANT) return;
  throw new WindowError(
    `${field}: ${iso(instant)} is outside the times fivekeys holds (1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z)`,
    field,
  );
}

/** Refuses an empty, inverted or too long window, blaming `from`, or `to` for an end out of range. */
export function checkWindow(window: Window): void {
  checkInstant('from', window.from);
  checkInstant('to', window.to);
  if (window.from >= window.to) {
    throw new WindowError(
      `the window ${iso(window.from)}..${iso(window.to)} is empty: from must be before to`,
      'from',
    );
  }
  const days = (window.to - window.from) / MS_PER_DAY;
  if (days > MAX_WINDOW_DAYS) {
    throw new WindowError(
      `the window ${iso(window.from)}..${iso(window.to)} spans ${Number(days.toFixed(2))} days; ` +
        `at most ${MAX_WINDOW_DAYS} (about ten years): ask for a later from or an earlier to`,
      'from',
    );
  }
}

/**
 * Windows and calendar buckets. DESIGN.md §3: days and weeks are in the configured time zone, weeks
 * start Monday. Buckets are computed with luxon in that zone, so a local day is 23 or 25 hours long
 * across a DST change and a bucket always starts at local midnight, never at a fixed UTC offset.
 */
import { DateTime, FixedOffsetZone, IANAZone, type DurationLikeObject, type Zone } from 'luxon';
import type { Bucket, Window } from '../model/facts.ts';
import { checkWindow, MAX_BUCKETS, WindowError } from './window-limits.ts';

const MS_PER_DAY = 86_400_000;

const ONE: Record<Bucket, DurationLikeObject> = {
  day: { days: 1 },
  week: { weeks: 1 },
  month: { months: 1 },
  year: { years: 1 },
};

/**
 * The window a request asks for: `to` defaults to `now`, `from` to `defaultDays` 24-hour days before
 * `to`. Throws a WindowError naming the parameter on an empty, inverted, too long or out-of-range
 * window (window-limits.ts); the caller turns that into its own error.
 */
export function resolveWindow(
  from: number | undefined,
  to: number | undefined,
  defaultDays: number,
  now: number,
): Window {
  const end = to ?? now;
  const window = { from: from ?? end - defaultDays * MS_PER_DAY, to: end };
  checkWindow(window);
  return window;
}

/** Window length in (24-hour) days, the denominator of per-day rates. */
export function windowDays(window: Window): number {
  return (window.to - window.from) / MS_PER_DAY;
}

/** Validated zones; luxon's own validity check builds an Intl formatter each time, far too slow per fact. */
const zones = new Map<string, Zone>();

/**
 * Names of UTC itself. As an IANA zone luxon asks Intl for its offset on every operation (~0.2 ms):
 * a 10-year daily series in the default zone held the event loop 2.4 s in that alone. The fixed zone
 * has the same instants and needs no Intl at all.
 */
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);

function zoneOf(timezone: string): Zone {
  let zone = zones.get(timezone);
  if (zone === undefined) {
    // luxon answers an unknown zone with an invalid DateTime (NaN instants); fail loudly instead.
    if (!IANAZone.isValidZone(timezone)) throw new Error(`unknown time zone: ${timezone}`);
    zone = UTC_NAMES.has(timezone) ? FixedOffsetZone.utcInstance : IANAZone.create(timezone);
    zones.set(timezone, zone);
  }
  return zone;
}

function inZone(instant: number, timezone: string): DateTime {
  return DateTime.fromMillis(instant, { zone: zoneOf(timezone) });
}

/** Start of the calendar bucket (local midnight; Monday for weeks) that contains `instant`. */
export function bucketStartOf(instant: number, bucket: Bucket, timezone: string): number {
  return inZone(instant, timezone).startOf(bucket).toMillis();
}

/** The bucket after a UTC bucket start, by Date's own calendar arithmetic (no luxon, no Intl). */
function nextUtcStart(start: number, bucket: Bucket): number {
  const date = new Date(start);
  if (bucket === 'day') return start + MS_PER_DAY;
  if (bucket === 'week') return start + 7 * MS_PER_DAY;
  if (bucket === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return Date.UTC(date.getUTCFullYear() + 1, 0, 1);
}

/**
 * Start instants of every calendar bucket that intersects `[from, to)`, oldest first. More than
 * MAX_BUCKETS is refused rather than computed. In UTC the next start is plain arithmetic: luxon's
 * `plus` and `startOf` cost ~0.2 ms a bucket, 0.8 s of event loop for a 10-year daily series.
 */
export function bucketStarts(window: Window, bucket: Bucket, timezone: string): number[] {
  const zone = zoneOf(timezone);
  const next =
    zone === FixedOffsetZone.utcInstance
      ? (start: number) => nextUtcStart(start, bucket)
      : // Calendar arithmetic: one local day/week/month later, whatever its length in hours.
        (start: number) => DateTime.fromMillis(start, { zone }).plus(ONE[bucket]).startOf(bucket).toMillis();
  const starts: number[] = [];
  for (let cursor = bucketStartOf(window.from, bucket, timezone); cursor < window.to; cursor = next(cursor)) {
    if (starts.length === MAX_BUCKETS) {
      throw new WindowError(
        `the window holds more than ${MAX_BUCKETS} ${bucket} buckets; at most ${MAX_BUCKETS}: choose a larger bucket or a shorter window`,
        'bucket',
      );
    }
    starts.push(cursor);
  }
  return starts;
}

/** A local calendar day: its date and the instants [start, end) it spans (23 to 25 hours). */
interface LocalDay {
  date: string;
  start: number;
  end: number;
}

const MS_PER_UTC_DAY = 86_400_000;
/** Per zone, per UTC day number, the local days intersecting that UTC day (at most three). */
const localDays = new Map<string, Map<number, LocalDay[]>>();
const LOCAL_DAYS_KEPT = 100_000;

/**
 * The local calendar date (YYYY-MM-DD) of an instant in a zone. Asking luxon costs ~20 µs, which
 * made deployment frequency over 10k deployments spend 200 ms here; each local day is therefore
 * computed once, with its exact bounds, and later instants are looked up in it.
 */
function localDate(instant: number, timezone: string): string {
  let days = localDays.get(timezone);
  if (days === undefined || days.size > LOCAL_DAYS_KEPT) localDays.set(timezone, (days = new Map()));
  const utcDay = Math.floor(instant / MS_PER_UTC_DAY);
  const known = days.get(utcDay)?.find((day) => instant >= day.start && instant < day.end);
  if (known !== undefined) return known.date;
  const local = inZone(instant, timezone);
  const date = local.toISODate();
  if (date === null) throw new Error(`not an instant: ${instant}`);
  const day = {
    date,
    start: local.startOf('day').toMillis(),
    end: local.plus(ONE.day).startOf('day').toMillis(),
  };
  for (let n = Math.floor(day.start / MS_PER_UTC_DAY); n * MS_PER_UTC_DAY < day.end; n++)
    days.set(n, [...(days.get(n) ?? []), day]);
  return date;
}

/** Per zone and bucket, remembered bucket starts by date: nested, so a lookup builds no key string. */
const bucketStartsOfDates = new Map<string, Map<Bucket, Map<string, number>>>();

/** The start of a date's bucket in UTC by Date's own calendar (no luxon); weeks start Monday. */
function utcBucketStartOfDate(date: string, bucket: Bucket): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  if (bucket === 'year') return Date.UTC(year, 0, 1);
  if (bucket === 'month') return Date.UTC(year, month - 1, 1);
  const midnight = Date.UTC(year, month - 1, day);
  return bucket === 'day' ? midnight : midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * MS_PER_DAY;
}

/**
 * Start of the calendar bucket that contains a local calendar date (YYYY-MM-DD), remembered: a
 * deployment-frequency level asks for every deploy-day of the window, at ~100 µs each in luxon
 * (and ~1 µs to look up under a key built per call, 8 ms for a 10-year window's two calendars). In
 * UTC plain arithmetic, remembered too: a grouped answer asks again for every service's days.
 */
export function bucketStartOfDate(date: string, bucket: Bucket, timezone: string): number {
  const zone = zoneOf(timezone);
  const byBucket = bucketStartsOfDates.get(timezone) ?? new Map<Bucket, Map<string, number>>();
  bucketStartsOfDates.set(timezone, byBucket);
  let starts = byBucket.get(bucket);
  if (starts === undefined || starts.size > LOCAL_DAYS_KEPT) byBucket.set(bucket, (starts = new Map()));
  let start = starts.get(date);
  if (start === undefined) {
    start =
      zone === FixedOffsetZone.utcInstance
        ? utcBucketStartOfDate(date, bucket)
        : DateTime.fromISO(date, { zone }).startOf(bucket).toMillis();
    starts.set(date, start);
  }
  return start;
}

/**
 * The distinct local calendar dates (YYYY-MM-DD) the instants fall on. In UTC a date is a day
 * number, so the instants are told apart as numbers and only each distinct day is written as a
 * date: 20k deployments over ten years looked up one by one were ~10 ms of event loop.
 */
export function localDates(instants: readonly number[], timezone: string): Set<string> {
  if (zoneOf(timezone) !== FixedOffsetZone.utcInstance)
    return new Set(instants.map((instant) => localDate(instant, timezone)));
  const days = new Set(instants.map((instant) => Math.floor(instant / MS_PER_DAY)));
  return new Set([...days].map((day) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10)));
}

/** How many distinct local calendar days the instants fall on. */
export function calendarDays(instants: readonly number[], timezone: string): number {
  return localDates(instants, timezone).size;
}

/** Index of the bucket containing `instant` in ascending `starts`, or -1 before the first start. */
export function bucketIndex(starts: readonly number[], instant: number): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((starts[middle] ?? Infinity) <= instant) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

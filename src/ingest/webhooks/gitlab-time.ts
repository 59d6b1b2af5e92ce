/**
 * GitLab writes times three ways (STANDARDS.md §5): ISO 8601 (`2013-12-03T17:23:34Z`, commit
 * timestamps with `+02:00`), Ruby's `Time#to_s` in UTC (`2016-08-12 15:23:28 UTC`: pipelines, issues,
 * releases, `changes`) and `Time#to_s` with a numeric offset (`2021-04-28 21:50:00 +0200`:
 * deployments). All three become ISO 8601 with an offset; anything else is refused rather than
 * guessed, since `Date.parse` would read a bare `2016-08-12 15:23:28` in the server's time zone.
 */
import { invalid, valueAt } from '../transformers/fields.ts';

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/i;
const RUBY = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (?:(UTC)|([+-])(\d{2})(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Rejects what the patterns let through: month 13, 30 February, 24:00, offsets beyond ±23:59.
 * Parts are the regex groups (digits, or undefined for an absent offset); NaN fails every check.
 */
function validParts(parts: readonly (string | undefined)[]): boolean {
  const [
    year = NaN,
    month = NaN,
    day = NaN,
    hour = NaN,
    minute = NaN,
    second = NaN,
    offsetHours = 0,
    offsetMinutes = 0,
  ] = parts.map((part, index) => (part === undefined && index >= 6 ? 0 : Number(part)));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return (
    days !== undefined &&
    day >= 1 &&
    day <= days &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

/** One of GitLab's time formats as ISO 8601 with an offset, or undefined when it is none of them. */
export function toIsoTime(value: string): string | undefined {
  const iso = ISO.exec(value);
  if (iso !== null) {
    const [, y, mo, d, h, mi, s, , , , oh, om] = iso;
    return validParts([y, mo, d, h, mi, s, oh, om]) ? value.toUpperCase() : undefined;
  }
  const ruby = RUBY.exec(value);
  if (ruby === null) return undefined;
  const [, y, mo, d, h, mi, s, utc, sign, oh, om] = ruby;
  if (!validParts([y, mo, d, h, mi, s, oh, om])) return undefined;
  const offset = utc === undefined ? `${sign}${oh}:${om}` : 'Z';
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
}

/**
 * The time at `path`, converted; undefined when absent (missing, null or empty). Throws
 * `invalid_payload` naming `field` when present in another form.
 */
export function gitlabTimeAt(value: unknown, path: readonly string[], field: string): string | undefined {
  const found = valueAt(value, path);
  if (found === undefined || found === null || found === '') return undefined;
  const time = typeof found === 'string' ? toIsoTime(found.trim()) : undefined;
  if (time !== undefined) return time;
  throw invalid(
    field,
    `${JSON.stringify(found)} is not a GitLab time such as 2013-12-03T17:23:34Z, ` +
      '2016-08-12 15:23:28 UTC or 2021-04-28 21:50:00 +0200',
  );
}

/** Like `gitlabTimeAt`, and throws naming `field` when the time is absent: `why` says what needs it. */
export function requiredGitlabTime(
  value: unknown,
  path: readonly string[],
  field: string,
  why: string,
): string {
  const time = gitlabTimeAt(value, path, field);
  if (time === undefined) throw invalid(field, `missing: ${why}`);
  return time;
}

/**
 * A time query parameter (`from`, `to`, `since`) as a Date, for REST and GraphQL alike. GraphQL
 * arguments are plain strings: without the format check here, `from: "1"` would be read by `Date`
 * as the year 2001. Some RFC 3339 times pass the format and still cannot be a JavaScript Date (a
 * leap second `23:59:60`, an offset `+05` without minutes): they are refused by name instead of
 * reaching the database as an invalid date (a 500 on PGlite, found by the fuzzer). Times before 1970
 * or after 9999 are refused by name too (window-limits.ts), not left to each database's own error.
 */
import { AppError } from '../errors.ts';
import { checkInstant } from '../metrics/window-limits.ts';
import { toAppError } from '../service/failures.ts';
import { isDateTime } from '../validation.ts';

export function instantParam(field: string, value: string | null | undefined): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isDateTime(value)) {
    throw new AppError(
      'invalid_query',
      `${field}: "${value}" is not an RFC 3339 time such as 2026-03-01T10:00:00Z`,
      {
        field,
      },
    );
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new AppError(
      'invalid_query',
      `${field}: "${value}" cannot be held as a time (a leap second, or an offset without minutes); write it as 2026-03-01T10:00:00Z`,
      { field },
    );
  }
  try {
    checkInstant(field, date.getTime());
  } catch (error) {
    throw toAppError(error);
  }
  return date;
}

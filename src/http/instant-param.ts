/**
 * A `date-time` query parameter as a Date. RFC 3339 admits a leap second (`23:59:60`), which the
 * format check lets through and a JavaScript Date cannot hold: it is refused here by name, instead
 * of reaching the database as an invalid date (a 500 on PGlite, found by the fuzzer).
 */
import { AppError } from '../errors.ts';

export function instantParam(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new AppError(
      'invalid_query',
      `${field}: "${value}" is not a time that can be stored (a leap second?)`,
      {
        field,
      },
    );
  }
  return date;
}

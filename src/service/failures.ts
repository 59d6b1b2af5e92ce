/** Turns a failure from below into the AppError the caller should see (database down → 503). */
import { AppError } from '../errors.ts';
import { WindowError } from '../metrics/window-limits.ts';
import { classifyDbError } from '../store/db-errors.ts';

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // The one place a refused window becomes a 400, for REST and GraphQL alike.
  if (error instanceof WindowError) {
    return new AppError('invalid_query', error.message, { field: error.field, cause: error });
  }
  switch (classifyDbError(error)) {
    case 'unavailable':
      return new AppError('database_unavailable', 'The database is unavailable; retry later.', {
        cause: error,
      });
    case 'data':
      return new AppError('invalid_payload', `The database refused a value: ${(error as Error).message}`, {
        cause: error,
      });
    case 'too_long':
      return new AppError(
        'invalid_payload',
        'A value is too long to be stored (an indexed one holds about 2,700 bytes): shorten the ids, names and keys sent.',
        { cause: error },
      );
    default:
      return new AppError('internal', 'Something went wrong on our side; it has been logged.', {
        cause: error,
      });
  }
}

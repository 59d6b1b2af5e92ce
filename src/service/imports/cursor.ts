/** Opaque page cursors: the sort instant and tie-breaker of the last row shown, base64url JSON. */
import { AppError } from '../../errors.ts';
import type { PageAfter } from '../../store/evidence.ts';

export const encodeCursor = ({ at, key }: PageAfter): string =>
  Buffer.from(JSON.stringify([at, key])).toString('base64url');

export function decodeCursor(cursor: string): PageAfter {
  try {
    const [at, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof key === 'string' && !Number.isNaN(Date.parse(at))) {
      return { at, key };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppError('invalid_query', 'cursor: not a cursor this API returned; start again without it.', {
    field: 'cursor',
  });
}

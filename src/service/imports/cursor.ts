/**
 * Opaque page cursors: the sort of the list, and the sort value and tie-breaker of the last row
 * shown, as base64url JSON. A cursor is only valid with the sort it was made for.
 */
import { AppError } from '../../errors.ts';
import type { PageAfter } from '../../store/evidence-order.ts';

export const encodeCursor = (sort: string, { at, key }: PageAfter): string =>
  Buffer.from(JSON.stringify([sort, at, key])).toString('base64url');

const VALUE = /^(-?Infinity|-?[0-9.e+-]+|\d{4}-\d\d-\d\dT[\d:.]+Z)$/;

export function decodeCursor(cursor: string, sort: string): PageAfter {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  const [made, at, key] = Array.isArray(parts) ? (parts as unknown[]) : [];
  if (typeof made !== 'string' || typeof at !== 'string' || typeof key !== 'string' || !VALUE.test(at)) {
    throw new AppError('invalid_query', 'cursor: not a cursor this API returned; start again without it.', {
      field: 'cursor',
    });
  }
  if (made !== sort) {
    throw new AppError(
      'invalid_query',
      `cursor: it pages the list sorted by ${made}, not ${sort}; start again without a cursor.`,
      { field: 'cursor' },
    );
  }
  return { at, key };
}

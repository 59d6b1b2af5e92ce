/** What a database failure means for the caller: retry later, a bad value, a value too long, or a bug. */
export type DbFailure = 'unavailable' | 'data' | 'too_long' | 'other';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

export function classifyDbError(error: unknown): DbFailure {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return 'unavailable';
    // SQLSTATE classes: 08 connection, 53 insufficient resources, 57 operator intervention, 40 rollback.
    if (/^(08|53|57|40)/.test(code)) return 'unavailable';
    if (/^(22|23)/.test(code)) return 'data';
    // program_limit_exceeded: an indexed value over a btree row's ~2.7 KB, which the sender chose.
    if (code === '54000') return 'too_long';
  }
  if (
    typeof message === 'string' &&
    /PGlite is closed|Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
      message,
    )
  ) {
    return 'unavailable';
  }
  return 'other';
}

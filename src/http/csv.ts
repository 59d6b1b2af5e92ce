/**
 * RFC 4180 CSV: CRLF line ends, every field quoted when it holds a quote, comma or line break.
 * Cells a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a
 * leading apostrophe (OWASP "CSV injection"); numbers are written as numbers and are never altered.
 */
export type Cell = string | number | boolean | null;

const FORMULA = /^[=+\-@\t\r]/;

function field(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  const safe = FORMULA.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(',') + '\r\n').join('');
}

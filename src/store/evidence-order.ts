/**
 * Sort orders of the evidence lists and the keyset condition that pages through them. A page
 * continues after the last row shown: its sort value and its tie-breaker, both compared in SQL, so
 * rows sharing a value are neither skipped nor repeated whatever the order.
 */

/** The position after the last row of the previous page, as the store printed it. */
export interface PageAfter {
  /** The sort value: a microsecond-exact UTC instant, or a float8's text (`-Infinity` for none). */
  at: string;
  /** The tie-breaker (a row id, or `sha/service` for changes). */
  key: string;
}

export interface Order {
  /** An instant column, or a float8 expression (microseconds) that is null when unknown. */
  value: string;
  type: 'timestamptz' | 'float8';
  descending: boolean;
}

/** Unknown values sort last both ways: -Infinity below every value when descending, +Infinity above. */
function sortValue(order: Order): string {
  if (order.type === 'timestamptz') return order.value;
  return `coalesce(${order.value}, '${order.descending ? '-' : ''}Infinity'::float8)`;
}

/** `position_at`: the sort value as text a cursor carries and `$n::type` reads back exactly. */
export function positionColumn(order: Order): string {
  return order.type === 'timestamptz'
    ? `to_char(${order.value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position_at`
    : `(${sortValue(order)})::text as position_at`;
}

/** `$at`/`$key` null on the first page; row comparison keeps the (value, tie) order total. */
export function afterCondition(order: Order, tie: string, tieType: 'bigint' | 'text', at: number): string {
  const sign = order.descending ? '<' : '>';
  return `($${at}::${order.type} is null or (${sortValue(order)}, ${tie}) ${sign} ($${at}::${order.type}, $${at + 1}::${tieType}))`;
}

export function orderBy(order: Order, tie: string): string {
  const direction = order.descending ? 'desc' : 'asc';
  return `order by ${sortValue(order)} ${direction}, ${tie} ${direction}`;
}

/** Microseconds from `start` to `end` when both are known, computed in numeric so it is exact. */
export const spanMicros = (start: string, end: string) =>
  `((extract(epoch from ${end}) - extract(epoch from ${start})) * 1000000)::float8`;

export const afterParams = (after: PageAfter | undefined) => [after?.at ?? null, after?.key ?? null];

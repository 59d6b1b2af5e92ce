/**
 * Rows are sent to PostgreSQL as one JSON parameter expanded by `jsonb_to_recordset`: a single
 * round trip for any batch size, no parameter-count limit, and values never built into SQL text.
 * The parameter is typed `text` first because PGlite would otherwise re-serialize the string.
 */
export const asJsonParam = (rows: readonly object[]): string => JSON.stringify(rows);

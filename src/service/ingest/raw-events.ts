/** Browsing the raw log: what each stored request became. */
import type { Db } from '../../store/db.ts';
import { selectRawRequestsBefore, type RawRequestFilter } from '../../store/raw-requests.ts';

export function createRawEventsService(db: Db) {
  return {
    /** Newest first; `before` is the last id of the previous page. */
    async list(filter: RawRequestFilter, before: number | null, limit: number) {
      const rows = await selectRawRequestsBefore(db, before, filter, limit);
      return {
        items: rows.map((row) => ({ ...row, received_at: row.received_at.toISOString() })),
        next: rows.length === limit ? String(rows.at(-1)!.id) : null,
      };
    },
  };
}

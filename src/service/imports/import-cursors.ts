/** The importers' resume points over a database, for `fivekeys import github` run on the server's side. */
import type { Queryable } from '../../store/db.ts';
import { selectImportCursor, upsertImportCursor, type ImportCursorKey } from '../../store/import-cursors.ts';

export type { ImportCursorKey } from '../../store/import-cursors.ts';

export interface ImportCursors {
  /** The newest update time imported, or undefined before the first run. */
  read(key: ImportCursorKey): Promise<Date | undefined>;
  /** Moves the cursor forward to `position` (ISO 8601); never back. */
  advance(key: ImportCursorKey, position: string): Promise<void>;
}

export const createImportCursors = (db: Queryable): ImportCursors => ({
  read: (key) => selectImportCursor(db, key),
  advance: (key, position) => upsertImportCursor(db, key, position),
});

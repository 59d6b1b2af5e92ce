/** Resume points of the importers (import_cursors): one timestamp per source, scope and resource. */
import type { Queryable } from './db.ts';

export interface ImportCursorKey {
  /** The importer: `github`. */
  source: string;
  /** What it imports from: a repository `owner/name`. */
  scope: string;
  /** Which list: `pulls`, `deployments`, `releases`, `issues`. */
  resource: string;
}

export async function selectImportCursor(db: Queryable, key: ImportCursorKey): Promise<Date | undefined> {
  const rows = await db.query<{ position: Date }>(
    `select position from import_cursors where source = $1 and scope = $2 and resource = $3`,
    [key.source, key.scope, key.resource],
  );
  return rows[0]?.position;
}

/** A cursor only moves forward: a run with an older `--since` re-imports without rewinding it. */
export async function upsertImportCursor(
  db: Queryable,
  key: ImportCursorKey,
  position: string,
): Promise<void> {
  await db.query(
    `insert into import_cursors as c (source, scope, resource, position)
     values ($1, $2, $3, $4::timestamptz)
     on conflict (source, scope, resource) do update
       set position = greatest(c.position, excluded.position), updated_at = now()`,
    [key.source, key.scope, key.resource, position],
  );
}

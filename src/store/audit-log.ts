/** The append-only trail of administrative actions. */
import type { Queryable } from './db.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null | undefined;
  outcome: string;
  ip?: string | null | undefined;
  detail?: Record<string, unknown> | null | undefined;
}

export interface AuditRow extends Required<AuditEntry> {
  id: string;
  at: Date;
}

export async function insertAuditEntry(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    'insert into audit_log (actor, action, target, outcome, ip, detail) values ($1, $2, $3, $4, $5, $6)',
    [entry.actor, entry.action, entry.target ?? null, entry.outcome, entry.ip ?? null, entry.detail ?? null],
  );
}

/** Keeps the newest `keep` refused entries of `action` (failed logins), deleting older ones. */
export async function deleteOldRefusals(db: Queryable, action: string, keep: number): Promise<void> {
  await db.query(
    `delete from audit_log
      where action = $1 and outcome <> 'ok'
        and id <= (select id from audit_log where action = $1 and outcome <> 'ok'
                    order by id desc offset $2 limit 1)`,
    [action, keep],
  );
}

/** Newest first; `before` is the id of the last entry of the previous page. */
export async function selectAuditEntries(
  db: Queryable,
  page: { limit: number; before?: string | undefined; actor?: string | undefined },
): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `select id::text, at, actor, action, target, outcome, ip, detail from audit_log
      where ($2::bigint is null or id < $2) and ($3::text is null or actor = $3)
      order by id desc limit $1`,
    [page.limit, page.before ?? null, page.actor ?? null],
  );
}

/**
 * The audit trail: who changed what (tokens, users, catalog, settings) and who tried to log in,
 * from the API and from the command line. Callers record after the action and log a failure to
 * record: the trail must not undo or block what already happened.
 */
import { userInfo } from 'node:os';
import { insertAuditEntry, selectAuditEntries, type AuditEntry } from '../store/audit-log.ts';
import type { Queryable } from '../store/db.ts';

export function createAuditService(db: Queryable) {
  return {
    record: (entry: AuditEntry): Promise<void> => insertAuditEntry(db, entry),
    async list(page: { limit: number; before?: string | undefined; actor?: string | undefined }) {
      const entries = await selectAuditEntries(db, page);
      const last = entries.at(-1);
      return {
        entries: entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
        next_before: entries.length === page.limit && last ? last.id : null,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

/** Commands run by whoever is logged in on the machine. */
export const cliActor = (): string => `cli:${userInfo().username}`;

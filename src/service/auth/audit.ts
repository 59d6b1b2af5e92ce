/**
 * The audit trail: who changed what (tokens, users, catalog, settings) and who tried to log in,
 * from the API and from the command line. Callers record after the action and log a failure to
 * record: the trail must not undo or block what already happened.
 */
import { userInfo } from 'node:os';
import {
  deleteOldRefusals,
  insertAuditEntry,
  selectAuditEntries,
  type AuditEntry,
} from '../../store/audit-log.ts';
import type { Queryable } from '../../store/db.ts';

export interface AuditLimits {
  /** Refused logins kept in the trail (newest); administrative actions are all kept. */
  keepRefusedLogins: number;
  /** Refused logins recorded between two prunings. */
  pruneEvery: number;
}

const DEFAULT_AUDIT_LIMITS: AuditLimits = { keepRefusedLogins: 10_000, pruneEvery: 100 };

export function createAuditService(db: Queryable, limits: AuditLimits = DEFAULT_AUDIT_LIMITS) {
  let refusedSincePrune = 0;
  return {
    record: (entry: AuditEntry): Promise<void> => insertAuditEntry(db, entry),
    /**
     * Anyone can be refused a login as often as the limits allow: the trail keeps the newest
     * `keepRefusedLogins` of them so a flood of guesses cannot grow it without bound.
     */
    async recordRefusedLogin(entry: AuditEntry): Promise<void> {
      await insertAuditEntry(db, entry);
      if (++refusedSincePrune < limits.pruneEvery) return;
      refusedSincePrune = 0;
      await deleteOldRefusals(db, entry.action, limits.keepRefusedLogins);
    },
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

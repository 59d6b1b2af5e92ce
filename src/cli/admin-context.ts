/** The auth and audit services over the configured database, for the token and user commands. */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createAuditService, type AuditService } from '../service/auth/audit.ts';
import { createAuthService, type AuthService } from '../service/auth/auth.ts';
import { openMigratedDb } from '../service/database.ts';

export async function withAdmin<T>(
  program: Command,
  work: (auth: AuthService, audit: AuditService) => Promise<T>,
): Promise<T> {
  const config = loadConfig(undefined, { config: program.opts<{ config?: string }>().config });
  const { db } = await openMigratedDb(config, program.args[0] ?? 'admin');
  try {
    return await work(createAuthService(db, { mode: config.auth }), createAuditService(db));
  } finally {
    await db.close();
  }
}

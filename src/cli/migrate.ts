import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openMigratedDb } from '../service/database.ts';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations and exit (safe to run from several replicas at once)')
    .action(async () => {
      const config = loadConfig(undefined, { config: program.opts<{ config?: string }>().config });
      const { db, applied } = await openMigratedDb(config, 'migrate');
      await db.close();
      console.log(applied.length ? `applied migrations ${applied.join(', ')}` : 'database is up to date');
    });
}

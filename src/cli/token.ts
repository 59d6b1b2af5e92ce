import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createAuthService, parseScopes } from '../service/auth.ts';
import { openMigratedDb } from '../service/database.ts';

async function withAuth<T>(
  program: Command,
  work: (auth: ReturnType<typeof createAuthService>) => Promise<T>,
) {
  const config = loadConfig(undefined, { config: program.opts<{ config?: string }>().config });
  const { db } = await openMigratedDb(config);
  try {
    return await work(createAuthService(db, { mode: config.auth }));
  } finally {
    await db.close();
  }
}

export function tokenCommand(program: Command): void {
  const token = program.command('token').description('manage API tokens (stored hashed)');
  token
    .command('create')
    .description('create a token and print it once')
    .requiredOption('--name <name>', 'who or what uses the token, e.g. "github-actions"')
    .option('--scopes <scopes>', 'comma-separated: ingest, read, admin', 'ingest,read')
    .option('--expires-in <seconds>', 'lifetime in seconds (default: never expires)')
    .option('--json', 'print JSON')
    .action(async (options: { name: string; scopes: string; expiresIn?: string; json?: boolean }) => {
      const scopes = parseScopes(options.scopes.split(',').map((scope) => scope.trim()));
      const ttl = options.expiresIn === undefined ? undefined : Number(options.expiresIn);
      const created = await withAuth(program, (auth) => auth.createToken(options.name, scopes, ttl));
      if (options.json) console.log(JSON.stringify(created));
      else
        console.log(
          `${created.token}\n(id ${created.id}, scopes ${scopes.join(',')}; shown once, store it now)`,
        );
    });
  token
    .command('list')
    .description('list tokens (never their secrets)')
    .action(async () => {
      const tokens = await withAuth(program, (auth) => auth.listTokens());
      for (const t of tokens) {
        const state = t.revoked_at
          ? 'revoked'
          : t.expires_at && t.expires_at < new Date()
            ? 'expired'
            : 'active';
        console.log(
          [t.id, t.name, t.scopes.join(','), state, t.last_used_at?.toISOString() ?? 'never used'].join('\t'),
        );
      }
    });
  token
    .command('revoke <id>')
    .description('revoke a token by id')
    .action(async (id: string) => {
      await withAuth(program, (auth) => auth.revokeToken(id));
      console.log(`revoked ${id}`);
    });
}

import type { Command } from 'commander';
import { AppError } from '../errors.ts';
import { cliActor } from '../service/audit.ts';
import { parseScopes } from '../service/auth.ts';
import { withAdmin } from './admin-context.ts';

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
      const created = await withAdmin(program, async (auth, audit) => {
        const token = await auth.createToken(options.name, scopes, ttl);
        await audit.record({ actor: cliActor(), action: 'token create', target: token.id, outcome: 'ok' });
        return token;
      });
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
      const tokens = await withAdmin(program, (auth) => auth.listTokens());
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
      await withAdmin(program, async (auth, audit) => {
        await auth.revokeToken(id);
        await audit.record({ actor: cliActor(), action: 'token revoke', target: id, outcome: 'ok' });
      });
      console.log(`revoked ${id}`);
    });
  token
    .command('rotate <id>')
    .description('give a token a new secret (same name, scopes and expiry) and print it once')
    .option('--grace <seconds>', 'keep the old secret working this long (default 0: revoke it now)', '0')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { grace: string; json?: boolean }) => {
      const grace = Number(options.grace);
      if (!Number.isSafeInteger(grace) || grace < 0) {
        throw new AppError('invalid_config', `--grace: "${options.grace}" must be a whole number of seconds`);
      }
      const rotated = await withAdmin(program, async (auth, audit) => {
        const token = await auth.rotateToken(id, grace);
        await audit.record({ actor: cliActor(), action: 'token rotate', target: id, outcome: 'ok' });
        return token;
      });
      if (options.json) console.log(JSON.stringify(rotated));
      else {
        const old = grace > 0 ? `the old secret works for ${grace} s more` : 'the old secret is revoked';
        console.log(`${rotated.token}\n(id ${rotated.id} replaces ${id}; ${old}; shown once, store it now)`);
      }
    });
}

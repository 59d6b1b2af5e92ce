/** `fivekeys token create|list|revoke|rotate`, on the folder or through the server holding it. */
import type { Command } from 'commander';
import { AppError } from '../errors.ts';
import { parseScopes } from '../service/auth/auth.ts';
import { withAdminApi } from './admin-api.ts';
import { addServerTokenOption } from './target.ts';

export function tokenCommand(program: Command): void {
  const token = program.command('token').description('manage API tokens (stored hashed)');
  addServerTokenOption(
    token
      .command('create')
      .description('create a token and print it once')
      .requiredOption('--name <name>', 'who or what uses the token, e.g. "github-actions"')
      .option('--scopes <scopes>', 'comma-separated: ingest, read, admin', 'ingest,read')
      .option('--expires-in <seconds>', 'lifetime in seconds (default: never expires)')
      .option('--json', 'print JSON'),
  ).action(
    async (options: { name: string; scopes: string; expiresIn?: string; json?: boolean; token?: string }) => {
      const scopes = parseScopes(options.scopes.split(',').map((scope) => scope.trim()));
      const ttl = options.expiresIn === undefined ? undefined : Number(options.expiresIn);
      const created = await withAdminApi(program, options.token, (api) =>
        api.createToken(options.name, scopes, ttl),
      );
      if (options.json) console.log(JSON.stringify(created));
      else
        console.log(
          `${created.token}\n(id ${created.id}, scopes ${scopes.join(',')}; shown once, store it now)`,
        );
    },
  );
  addServerTokenOption(token.command('list').description('list tokens (never their secrets)')).action(
    async (options: { token?: string }) => {
      const tokens = await withAdminApi(program, options.token, (api) => api.listTokens());
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
    },
  );
  addServerTokenOption(token.command('revoke <id>').description('revoke a token by id')).action(
    async (id: string, options: { token?: string }) => {
      await withAdminApi(program, options.token, (api) => api.revokeToken(id));
      console.log(`revoked ${id}`);
    },
  );
  addServerTokenOption(
    token
      .command('rotate <id>')
      .description('give a token a new secret (same name, scopes and expiry) and print it once')
      .option('--grace <seconds>', 'keep the old secret working this long (default 0: revoke it now)', '0')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: { grace: string; json?: boolean; token?: string }) => {
    const grace = Number(options.grace);
    if (!Number.isSafeInteger(grace) || grace < 0) {
      throw new AppError('invalid_config', `--grace: "${options.grace}" must be a whole number of seconds`);
    }
    const rotated = await withAdminApi(program, options.token, (api) => api.rotateToken(id, grace));
    if (options.json) console.log(JSON.stringify(rotated));
    else {
      const old = grace > 0 ? `the old secret works for ${grace} s more` : 'the old secret is revoked';
      console.log(`${rotated.token}\n(id ${rotated.id} replaces ${id}; ${old}; shown once, store it now)`);
    }
  });
}

/** `fivekeys user add|passwd|list|remove`: people who log in with a password (POST /api/v1/auth/token). */
import type { Command } from 'commander';
import { parseScopes } from '../service/auth/auth.ts';
import { withAdminApi } from './admin-api.ts';
import { readPassword } from './password-input.ts';
import { addServerTokenOption } from './target.ts';

interface PasswordOptions {
  passwordStdin?: boolean;
  token?: string;
}

export function userCommand(program: Command): void {
  const user = program.command('user').description('manage users who log in with a password (scrypt-hashed)');
  addServerTokenOption(
    user
      .command('add <username>')
      .description('add a user; the password is asked for, or read from stdin')
      .option('--scopes <scopes>', 'comma-separated: ingest, read, admin', 'read')
      .option('--password-stdin', 'read the password from the first line of stdin'),
  ).action(async (username: string, options: PasswordOptions & { scopes: string }) => {
    const scopes = parseScopes(options.scopes.split(',').map((scope) => scope.trim()));
    const password = await readPassword(options.passwordStdin === true);
    await withAdminApi(program, options.token, (api) => api.addUser(username, password, scopes));
    console.log(`added ${username} (scopes ${scopes.join(',')})`);
  });
  addServerTokenOption(
    user
      .command('passwd <username>')
      .description("set a user's password (and lift a lockout)")
      .option('--password-stdin', 'read the password from the first line of stdin'),
  ).action(async (username: string, options: PasswordOptions) => {
    const password = await readPassword(options.passwordStdin === true);
    await withAdminApi(program, options.token, (api) => api.setPassword(username, password));
    console.log(`password of ${username} changed`);
  });
  addServerTokenOption(user.command('list').description('list users (never their password hashes)')).action(
    async (options: { token?: string }) => {
      const users = await withAdminApi(program, options.token, (api) => api.listUsers());
      for (const row of users) {
        const state = row.disabled_at ? 'disabled' : 'active';
        console.log([row.username, row.scopes.join(','), state, row.created_at.toISOString()].join('\t'));
      }
    },
  );
  addServerTokenOption(
    user
      .command('remove <username>')
      .description(
        'delete a user (tokens it obtained stay valid until they expire; revoke them with `fivekeys token revoke`)',
      ),
  ).action(async (username: string, options: { token?: string }) => {
    await withAdminApi(program, options.token, (api) => api.removeUser(username));
    console.log(`removed ${username}`);
  });
}

/** `fivekeys user add|passwd|list|remove`: people who log in with a password (POST /api/v1/auth/token). */
import type { Command } from 'commander';
import { cliActor } from '../service/audit.ts';
import { parseScopes } from '../service/auth.ts';
import { withAdmin } from './admin-context.ts';
import { readPassword } from './password-input.ts';

export function userCommand(program: Command): void {
  const user = program.command('user').description('manage users who log in with a password (scrypt-hashed)');
  user
    .command('add <username>')
    .description('add a user; the password is asked for, or read from stdin')
    .option('--scopes <scopes>', 'comma-separated: ingest, read, admin', 'read')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(async (username: string, options: { scopes: string; passwordStdin?: boolean }) => {
      const scopes = parseScopes(options.scopes.split(',').map((scope) => scope.trim()));
      const password = await readPassword(options.passwordStdin === true);
      await withAdmin(program, async (auth, audit) => {
        await auth.addUser(username, password, scopes);
        await audit.record({ actor: cliActor(), action: 'user add', target: username, outcome: 'ok' });
      });
      console.log(`added ${username} (scopes ${scopes.join(',')})`);
    });
  user
    .command('passwd <username>')
    .description("set a user's password (and lift a lockout)")
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(async (username: string, options: { passwordStdin?: boolean }) => {
      const password = await readPassword(options.passwordStdin === true);
      await withAdmin(program, async (auth, audit) => {
        await auth.setPassword(username, password);
        await audit.record({ actor: cliActor(), action: 'user passwd', target: username, outcome: 'ok' });
      });
      console.log(`password of ${username} changed`);
    });
  user
    .command('list')
    .description('list users (never their password hashes)')
    .action(async () => {
      const users = await withAdmin(program, (auth) => auth.listUsers());
      for (const row of users) {
        const state = row.disabled_at ? 'disabled' : 'active';
        console.log([row.username, row.scopes.join(','), state, row.created_at.toISOString()].join('\t'));
      }
    });
  user
    .command('remove <username>')
    .description(
      'delete a user (tokens it obtained stay valid until they expire; revoke them with `fivekeys token revoke`)',
    )
    .action(async (username: string) => {
      await withAdmin(program, async (auth, audit) => {
        await auth.removeUser(username);
        await audit.record({ actor: cliActor(), action: 'user remove', target: username, outcome: 'ok' });
      });
      console.log(`removed ${username}`);
    });
}

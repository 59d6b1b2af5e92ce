/**
 * People who log in with a password: adding them, changing and checking their passwords, removing
 * them. Passwords are kept as scrypt hashes (passwords.ts); logging in is auth.ts's business.
 */
import { AppError } from '../../errors.ts';
import type { Db } from '../../store/db.ts';
import {
  clearLoginFailures,
  deleteUser,
  insertUser,
  selectUsers,
  updateUserPassword,
} from '../../store/users.ts';
import type { Scope } from './auth.ts';
import { hashPassword } from './passwords.ts';

const USERNAME = /^[A-Za-z0-9._@-]{1,100}$/;

export function createUserAccounts(db: Db) {
  async function addUser(username: string, password: string, scopes: readonly Scope[]) {
    if (!USERNAME.test(username)) {
      throw new AppError('invalid_payload', 'A username is 1–100 letters, digits, ".", "_", "@" or "-".', {
        field: 'username',
      });
    }
    checkPasswordStrength(password);
    if (
      !(await insertUser(db, { username, password_hash: await hashPassword(password), scopes: [...scopes] }))
    ) {
      throw new AppError('invalid_payload', `User "${username}" exists; use \`fivekeys user passwd\`.`, {
        field: 'username',
      });
    }
    return { username, scopes };
  }

  /** A new password also lifts a lockout. */
  async function setPassword(username: string, password: string): Promise<void> {
    checkPasswordStrength(password);
    if (!(await updateUserPassword(db, username, await hashPassword(password)))) {
      throw new AppError('not_found', `No user "${username}".`);
    }
    await clearLoginFailures(db, username);
  }

  async function removeUser(username: string): Promise<void> {
    if (!(await deleteUser(db, username))) throw new AppError('not_found', `No user "${username}".`);
  }

  /** Users without their password hashes, which never leave the store. */
  async function listUsers() {
    return (await selectUsers(db)).map(({ password_hash: _hash, ...user }) => user);
  }

  return { addUser, setPassword, removeUser, listUsers };
}

/** Long enough to resist guessing within the lockout; anything else is the user's business. */
function checkPasswordStrength(password: string): void {
  if (password.length < 12 || password.length > 1024) {
    throw new AppError('invalid_payload', 'A password is 12 to 1024 characters long.', { field: 'password' });
  }
}

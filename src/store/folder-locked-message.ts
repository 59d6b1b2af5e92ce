/** What a command refused by a held data folder is told: who holds it, and what to do instead. */
import { join } from 'node:path';
import type { FolderHolder } from './folder-lock.ts';
import type { Liveness } from './process-identity.ts';

function advice(dataDir: string, holder: FolderHolder, state: Liveness, command: string): string {
  if (state === 'elsewhere') {
    return (
      'That host cannot be checked from here, so the lock is kept: stop it there; if it is gone for good, ' +
      `delete ${join(dataDir, 'fivekeys.lock')}.`
    );
  }
  if (command === 'migrate' && holder.command === 'serve') {
    return 'Stop it first; the server applies migrations itself when it starts.';
  }
  if (command === 'serve') return 'Stop it first, or start this server with another --data-dir.';
  if (command === 'doctor' && holder.url !== undefined)
    return `Ask it instead: fivekeys doctor --url ${holder.url}`;
  if (holder.url !== undefined) return `Stop it first, or use the server at ${holder.url}.`;
  return 'Wait for it to finish, or stop it first.';
}

export function folderLockedMessage(
  dataDir: string,
  holder: FolderHolder,
  state: Liveness,
  command: string,
): string {
  const where = state === 'elsewhere' ? ` on host ${holder.host}` : '';
  const serving = holder.url === undefined ? '' : `, serving ${holder.url}`;
  return (
    `The data folder ${dataDir} is in use by \`fivekeys ${holder.command}\` ` +
    `(pid ${holder.pid}${where}, started ${holder.startedAt}${serving}); ` +
    `only one process may open it at a time. ${advice(dataDir, holder, state, command)}`
  );
}

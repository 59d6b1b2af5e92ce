/**
 * Whether a running fivekeys server holds the configured data folder, and where to reach it: the
 * commands that would open the folder talk to that server instead (one process per folder).
 */
import type { Config } from '../config.ts';
import { readFolderHolder } from '../store/folder-lock.ts';

/**
 * The base URL of the live server holding the embedded data folder, or undefined: with
 * DATABASE_URL (PostgreSQL takes many clients), with nobody holding the folder, or when the holder
 * serves nothing (another command, whose lock refuses us when we open the folder).
 */
export async function folderServerUrl(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<string | undefined> {
  if (config.databaseUrl) return undefined;
  const holder = await readFolderHolder(config.dataDir);
  if (holder?.url === undefined) return undefined;
  return reachable(holder.url);
}

/** A server listening on every interface is reached on loopback, where admin routes also answer in open mode. */
function reachable(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0') parsed.hostname = '127.0.0.1';
  if (parsed.hostname === '[::]') parsed.hostname = '[::1]';
  return parsed.toString().replace(/\/+$/, '');
}

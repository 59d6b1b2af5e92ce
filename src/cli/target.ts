/**
 * Where a command that reads or writes the data folder does its work: on the folder itself, or,
 * while a fivekeys server holds the folder, through that server's API (opening the folder beside
 * it would lose data). Decided once here so no command repeats it.
 */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { folderServerUrl } from '../service/folder-server.ts';
import { createServerClient, type ServerClient } from './server-client.ts';

export type Target =
  { kind: 'local'; config: Config } | { kind: 'server'; config: Config; server: ServerClient };

export interface TargetOptions {
  /** The admin token given on the command line; default FIVEKEYS_ADMIN_TOKEN. */
  token?: string | undefined;
  /** The command's option that takes it (`import github` has its own `--token`). */
  tokenFlag?: string;
}

export async function resolveTarget(program: Command, options: TargetOptions = {}): Promise<Target> {
  const config = loadConfig(undefined, { config: program.opts<{ config?: string }>().config });
  const url = await folderServerUrl(config);
  if (url === undefined) return { kind: 'local', config };
  process.stderr.write(`fivekeys: the server at ${url} holds ${config.dataDir}; going through it\n`);
  const server = createServerClient({
    url,
    token: options.token ?? config.adminToken,
    tokenHelp: `FIVEKEYS_ADMIN_TOKEN or pass ${options.tokenFlag ?? '--token'} <admin token>`,
  });
  return { kind: 'server', config, server };
}

/** The option that gives the admin token of the server holding the folder. */
export function addServerTokenOption(command: Command, flag = '--token'): Command {
  return command.option(
    `${flag} <token>`,
    'admin token of the server holding the data folder, when one runs (default: FIVEKEYS_ADMIN_TOKEN)',
  );
}

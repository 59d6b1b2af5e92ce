/** `fivekeys import <format>`: history from elsewhere, written through the ingest path. */
import type { Command } from 'commander';
import { importArgoCdCommand } from './import-argocd.ts';
import { importGitCommand } from './import-git.ts';
import { importGitHubCommand } from './import-github.ts';
import { importNdjsonCommand } from './import-ndjson.ts';
import { exitTwoOnUsageError } from './usage.ts';

export function importCommand(program: Command): Command {
  const command = program
    .command('import')
    .description('backfill events from a file or another system, idempotently')
    .exitOverride(exitTwoOnUsageError);
  importNdjsonCommand(command, program);
  importGitCommand(command, program);
  importGitHubCommand(command, program);
  importArgoCdCommand(command, program);
  return command;
}

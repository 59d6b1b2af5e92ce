/**
 * Usage errors of the report, export and import commands exit with code 2, like a bad setting, so a
 * script can tell a wrong invocation (2) from a failed run (1). Commander has printed the message,
 * which names the flag.
 */
import type { CommanderError } from 'commander';

export function exitTwoOnUsageError(error: CommanderError): never {
  process.exit(error.exitCode === 0 ? 0 : 2);
}

/**
 * `fivekeys doctor [--url --token] [--json]`: is this fivekeys set up and receiving? Checks the
 * database and its migrations (locally) or a running server's probes and metrics (with `--url`),
 * then the sources and whether there is anything to compute metrics from. Exit 1 when a check
 * fails, so it can gate a deployment pipeline.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { evaluateDoctor, type Check } from '../service/doctor/doctor-checks.ts';
import { gatherLocalFacts } from '../service/doctor/doctor-local.ts';
import { gatherRemoteFacts } from '../service/doctor/doctor-remote.ts';
import { exitTwoOnUsageError } from './usage.ts';

interface DoctorOptions {
  url?: string;
  token?: string;
  metricsToken?: string;
  json?: boolean;
}

const MARK: Record<Check['status'], string> = { ok: '✓', fail: '✗', warn: '!' };

export function doctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check the database, migrations, sources and data, locally or of a server (--url)')
    .option('--url <url>', 'a running fivekeys to check instead of the local database')
    .option('--token <token>', 'an admin token, for --url')
    .option('--metrics-token <token>', "the server's FIVEKEYS_METRICS_TOKEN, when /metrics wants one")
    .option('--json', 'print the checks as JSON')
    .exitOverride(exitTwoOnUsageError)
    .action(async (options: DoctorOptions) => {
      if (options.url === undefined && (options.token ?? options.metricsToken) !== undefined) {
        throw new AppError('invalid_config', '--token: only used with --url');
      }
      if (options.url !== undefined && !URL.canParse(options.url)) {
        throw new AppError(
          'invalid_config',
          `--url: "${options.url}" is not a URL (https://fivekeys.example.com)`,
        );
      }
      const now = Date.now();
      const facts =
        options.url === undefined
          ? await gatherLocalFacts(
              loadConfig(undefined, { config: program.opts<{ config?: string }>().config }),
              now,
            )
          : await gatherRemoteFacts(
              { url: options.url, token: options.token, metricsToken: options.metricsToken },
              now,
            );
      const checks = evaluateDoctor(facts, now);
      const healthy = checks.every((check) => check.status !== 'fail');
      const output = options.json
        ? JSON.stringify({ ok: healthy, mode: facts.mode, target: facts.target, checks }, null, 2)
        : render(checks);
      process.stdout.write(`${output}\n`);
      if (!healthy) process.exitCode = 1;
    });
}

function render(checks: Check[]): string {
  return checks
    .flatMap((check) => [
      `${MARK[check.status]} ${check.name}: ${check.message}`,
      ...(check.fix === undefined ? [] : [`    → ${check.fix}`]),
    ])
    .join('\n');
}

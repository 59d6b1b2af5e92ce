/**
 * `fivekeys demo`: fills the configured database with a realistic year of delivery history (four
 * teams at the four DORA levels) through the ingest path. Deterministic for a seed and an end; the
 * end defaults to the current hour, so running it twice within the hour stores nothing new.
 */
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createAppServices } from '../service/app.ts';
import { openMigratedDb } from '../service/database.ts';
import { loadDemo, type DemoSummary } from '../service/demo.ts';
import { parseInstant } from './report-query.ts';
import { exitTwoOnUsageError } from './usage.ts';

interface DemoFlags {
  days: number;
  services: number;
  seed: number;
  end?: string;
  json?: boolean;
}

const HOUR = 3_600_000;

const integer = (min: number, max: number) => (text: string) => {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
  }
  return value;
};

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('load realistic sample history: teams at the four DORA levels (idempotent per seed and end)')
    .option('--days <n>', 'days of history', integer(1, 3660), 365)
    .option('--services <n>', 'number of services (spread over four teams)', integer(1, 400), 12)
    .option(
      '--seed <n>',
      'random seed: the same seed and end give the same history',
      integer(0, 2 ** 32 - 1),
      1,
    )
    .option('--end <instant>', 'end of the history (default: the start of the current hour)')
    .option('--json', 'print the summary as JSON')
    .exitOverride(exitTwoOnUsageError)
    .action(async (flags: DemoFlags) => {
      const end =
        flags.end === undefined
          ? new Date(Math.floor(Date.now() / HOUR) * HOUR)
          : parseInstant('--end', flags.end);
      const config = loadConfig(undefined, { config: program.opts<{ config?: string }>().config });
      const { db } = await openMigratedDb(config, 'demo');
      const services = createAppServices(db, config);
      const bar =
        process.stderr.isTTY && !flags.json
          ? new SingleBar({ format: ' {bar} {percentage}% | {value}/{total} events' }, Presets.shades_classic)
          : undefined;
      try {
        const summary = await loadDemo(services, {
          days: flags.days,
          services: flags.services,
          seed: flags.seed,
          end,
          onProgress: (done, total) => (done === 0 ? bar?.start(total, 0) : bar?.update(done)),
        });
        bar?.stop();
        process.stdout.write(
          `${flags.json ? JSON.stringify({ ...summary, end: end.toISOString() }, null, 2) : describe(summary, end)}\n`,
        );
      } finally {
        bar?.stop();
        await services.ingest.flush();
        await db.close();
      }
    });
}

function describe(summary: DemoSummary, end: Date): string {
  return [
    `demo history to ${end.toISOString()}: ${summary.services} services, ${summary.teams} teams, ${summary.applications} applications`,
    `  changes:     ${summary.changes}`,
    `  deployments: ${summary.deployments}`,
    `  incidents:   ${summary.incidents}`,
    `  stored ${summary.imported} rows, ${summary.duplicates} already there, in ${summary.seconds} s`,
  ].join('\n');
}

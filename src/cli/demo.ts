/**
 * `fivekeys demo`: fills the configured database with a realistic year of delivery history (four
 * teams at the four DORA levels) through the ingest path, or through the API of the server holding
 * the data folder. Deterministic for a seed and an end; the
 * end defaults to the current hour, so running it twice within the hour stores nothing new.
 */
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { createAppServices } from '../service/app.ts';
import { openMigratedDb } from '../service/database.ts';
import { loadDemo, type DemoSummary, type DemoTarget } from '../service/demo/demo.ts';
import { parseInstant } from './report-query.ts';
import { serverIngest } from './server-ingest.ts';
import { addServerTokenOption, resolveTarget, type Target } from './target.ts';
import { exitTwoOnUsageError } from './usage.ts';

interface DemoFlags {
  days: number;
  services: number;
  seed: number;
  end?: string;
  json?: boolean;
  token?: string;
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
  const command = program
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
    .exitOverride(exitTwoOnUsageError);
  addServerTokenOption(command).action(async (flags: DemoFlags) => {
    const end =
      flags.end === undefined
        ? new Date(Math.floor(Date.now() / HOUR) * HOUR)
        : parseInstant('--end', flags.end);
    const target = await resolveTarget(program, flags);
    const bar =
      process.stderr.isTTY && !flags.json
        ? new SingleBar({ format: ' {bar} {percentage}% | {value}/{total} events' }, Presets.shades_classic)
        : undefined;
    const options = {
      days: flags.days,
      services: flags.services,
      seed: flags.seed,
      end,
      onProgress: (done: number, total: number) => (done === 0 ? bar?.start(total, 0) : bar?.update(done)),
    };
    try {
      const summary = await withDemoTarget(target, (demo) => loadDemo(demo, options));
      bar?.stop();
      process.stdout.write(
        `${flags.json ? JSON.stringify({ ...summary, end: end.toISOString() }, null, 2) : describe(summary, end)}\n`,
      );
    } finally {
      bar?.stop();
    }
  });
}

/** The app's services over the folder, or the server's catalog and native ingest API. */
async function withDemoTarget<T>(target: Target, work: (demo: DemoTarget) => Promise<T>): Promise<T> {
  if (target.kind === 'server') {
    const { server } = target;
    return work({
      ingest: serverIngest(server),
      catalog: {
        putService: (name, body) => server.json('PUT', `/api/v1/services/${encodeURIComponent(name)}`, body),
      },
    });
  }
  const { db } = await openMigratedDb(target.config, 'demo');
  const services = createAppServices(db, target.config);
  try {
    return await work(services);
  } finally {
    await services.ingest.flush();
    await db.close();
  }
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

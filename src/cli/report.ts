/**
 * `fivekeys report`: the five DORA metrics with levels and sample sizes, optionally against the
 * previous period, from the local data folder / DATABASE_URL, the server holding the data folder, or
 * a remote fivekeys (`--url`).
 */
import { Option, type Command } from 'commander';
import { AppError } from '../errors.ts';
import { createAppServices } from '../service/app.ts';
import { openMigratedDb } from '../service/database.ts';
import { FORMATS, renderReport, type ReportFormat } from './report-format.ts';
import { toMetricQuery, type ReportFlags } from './report-query.ts';
import {
  localSource,
  previousMetrics,
  remoteSource,
  serverSource,
  type MetricsSource,
} from './report-source.ts';
import { resolveTarget } from './target.ts';
import { exitTwoOnUsageError } from './usage.ts';

/** The exit code of a report whose --team, --service or --application names nothing known. */
const FILTER_NAMES_NOTHING = 3;

interface ReportOptions extends ReportFlags {
  format: ReportFormat;
  compare?: 'previous';
  url?: string;
  token?: string;
}

export function reportCommand(program: Command): void {
  program
    .command('report')
    .description('print the five DORA metrics with levels and sample sizes')
    .addOption(
      new Option('--from <instant>', 'window start: 2026-03-01 or 2026-03-01T09:00:00Z').conflicts('last'),
    )
    .addOption(new Option('--to <instant>', 'window end (exclusive; default now)').conflicts('last'))
    .option('--last <duration>', 'the window ending now: 90d, 12w or 36h')
    .option('--service <name>', 'only this service')
    .option('--team <name>', "only this team's services")
    .option('--application <name>', "only this application's services")
    .option('--environment <name>', 'only this environment')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .addOption(
      new Option('--compare <period>', 'also the period of the same length before').choices(['previous']),
    )
    .addOption(
      new Option('--benchmark <year>', 'DORA report year of the levels').choices(['2021', '2023', '2024']),
    )
    .option('--url <url>', 'a remote fivekeys to ask (GET /api/v1/metrics) instead of the local database')
    .option(
      '--token <token>',
      'a token with the read scope, for --url or the server holding the data folder (default there: FIVEKEYS_ADMIN_TOKEN)',
    )
    .exitOverride(exitTwoOnUsageError)
    .action((options: ReportOptions) => runReport(options, program));
}

async function runReport(options: ReportOptions, program: Command): Promise<void> {
  if (options.url !== undefined && !URL.canParse(options.url)) {
    throw new AppError(
      'invalid_config',
      `--url: "${options.url}" is not a URL (https://fivekeys.example.com)`,
    );
  }
  // Whole seconds: a report's window reads 09:30:00Z rather than 09:30:00.123Z.
  const now = Math.floor(Date.now() / 1000) * 1000;
  const query = toMetricQuery(options, now);
  const output = async (source: MetricsSource) => {
    const current = await source(query);
    const previous = options.compare ? await previousMetrics(source, query, current) : undefined;
    const { service, team, application, environment } = options;
    const view = { current, previous, filters: { service, team, application, environment } };
    const colour = process.stdout.isTTY === true && process.stdout.hasColors();
    process.stdout.write(`${renderReport(view, options.format, colour)}\n`);
    // A filter naming nothing prints an empty report that reads like "no activity": say so, and
    // exit 3 so a script does not take the empty numbers for real ones.
    for (const warning of current.warnings ?? []) process.stderr.write(`warning: ${warning.message}\n`);
    if ((current.warnings ?? []).length > 0) process.exitCode = FILTER_NAMES_NOTHING;
  };
  if (options.url !== undefined) return output(remoteSource(options.url, options.token));
  const target = await resolveTarget(program, options);
  if (target.kind === 'server') return output(serverSource(target.server));
  if (options.token !== undefined) {
    throw new AppError(
      'invalid_config',
      '--token: only used with --url, or when a server holds the data folder',
    );
  }
  const { db } = await openMigratedDb(target.config, 'report');
  try {
    await output(localSource(createAppServices(db, target.config).report, now));
  } finally {
    await db.close();
  }
}

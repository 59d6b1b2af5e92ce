/**
 * `fivekeys replay [--since] [--source]`: re-runs today's adapters and mappings over the raw log and
 * applies what changed, on the folder or on the server holding it. Safe to interrupt and run again:
 * unchanged requests are skipped.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { createAppServices } from '../service/app.ts';
import { openMigratedDb } from '../service/database.ts';
import { replay, type ReplayOptions, type ReplaySummary } from '../service/ingest/replay.ts';
import { addServerTokenOption, resolveTarget } from './target.ts';

interface ReplayFlags {
  since?: string;
  source?: string;
  force?: boolean;
  json?: boolean;
  token?: string;
}

export function replayCommand(program: Command): void {
  const command = program
    .command('replay')
    .description('rebuild the normalized tables from the raw request log after an adapter or mapping change')
    .option('--since <instant>', 'only requests received at or after this ISO 8601 instant')
    .option('--source <name>', 'only requests of this source (e.g. cloudevents, api, api/deployments)')
    .option('--force', 're-apply every request, even those whose rows did not change')
    .option('--json', 'print the summary as JSON')
    .action(async (options: ReplayFlags) => {
      const since = options.since === undefined ? undefined : new Date(options.since);
      if (since && Number.isNaN(since.getTime())) {
        throw new AppError('invalid_config', `--since: "${options.since}" is not an ISO 8601 instant`);
      }
      const target = await resolveTarget(program, options);
      const filter = { since, source: options.source, force: options.force };
      const summary =
        target.kind === 'server'
          ? await target.server.json<ReplaySummary>('POST', '/api/v1/replay', {
              ...filter,
              since: since?.toISOString(),
            })
          : await replayLocal(target.config, filter, !options.json);
      console.log(options.json ? JSON.stringify(summary, null, 2) : describe(summary));
    });
  addServerTokenOption(command);
}

async function replayLocal(config: Config, filter: ReplayOptions, showBar: boolean): Promise<ReplaySummary> {
  const { db } = await openMigratedDb(config, 'replay');
  const services = createAppServices(db, config);
  const bar = process.stderr.isTTY && showBar ? new SingleBar({}, Presets.shades_classic) : undefined;
  try {
    bar?.start(1, 0);
    return await replay(db, services.parseRaw, {
      ...filter,
      onProgress: (seen, total) => {
        bar?.setTotal(Math.max(total, seen));
        bar?.update(seen);
      },
    });
  } finally {
    bar?.stop();
    await db.close();
  }
}

function describe(summary: ReplaySummary): string {
  const lines = [
    `requests seen: ${summary.seen}`,
    `  unchanged:   ${summary.unchanged}`,
    `  re-mapped:   ${summary.remapped}`,
    `now mapped: ${summary.mapped}, ignored: ${summary.ignored}, failed: ${summary.failed}`,
  ];
  const top = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 10)
      .map(([text, n]) => `  ${String(n).padStart(6)}  ${text}`);
  if (Object.keys(summary.reasons).length > 0) lines.push('skipped, by reason:', ...top(summary.reasons));
  if (Object.keys(summary.errors).length > 0) lines.push('failed, by error:', ...top(summary.errors));
  return lines.join('\n');
}

/**
 * `fivekeys export ndjson [--from --to] [--output file|-]`: every change, deployment and incident as
 * native API lines (src/service/imports/ndjson-native.ts), which `fivekeys import ndjson` reads back.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { openMigratedDb } from '../service/database.ts';
import {
  exportNdjson,
  type ExportNote,
  type ExportRange,
  type ExportSummary,
  type ExportWriter,
} from '../service/imports/ndjson-export.ts';
import { exportFromServer } from './export-server.ts';
import { parseInstant } from './report-query.ts';
import { addServerTokenOption, resolveTarget } from './target.ts';
import { exitTwoOnUsageError } from './usage.ts';

interface ExportOptions {
  from?: string;
  to?: string;
  output: string;
  token?: string;
}

export function exportCommand(program: Command): Command {
  const command = program
    .command('export')
    .description('write the stored events in a portable format')
    .exitOverride(exitTwoOnUsageError);
  const ndjson = command
    .command('ndjson')
    .description('every change, deployment and incident as native API JSON lines ({"type": "change", ...})')
    .option('--from <instant>', 'only events at or after this date or instant (commit, finish or start time)')
    .option('--to <instant>', 'only events before this date or instant')
    .addOption(new Option('-o, --output <file>', 'the file to write, or - for stdout').default('-'))
    .exitOverride(exitTwoOnUsageError)
    .action(async (options: ExportOptions) => {
      const range = {
        from: options.from === undefined ? undefined : parseInstant('--from', options.from),
        to: options.to === undefined ? undefined : parseInstant('--to', options.to),
      };
      if (range.from && range.to && range.from >= range.to) {
        throw new AppError('invalid_config', `--from: ${options.from} must be before --to ${options.to}`);
      }
      const target = await resolveTarget(program, options);
      const out: Writable = options.output === '-' ? process.stdout : await openFile(options.output);
      const summary =
        target.kind === 'server'
          ? await exportFromServer(target.server, range, (text) => write(out, text))
          : await exportLocal(target.config, range, (text) => write(out, text));
      if (out !== process.stdout) out.end();
      await (out === process.stdout ? Promise.resolve() : once(out, 'finish'));
      process.stderr.write(describe(summary, options.output));
    });
  addServerTokenOption(ndjson);
  return command;
}

async function exportLocal(config: Config, range: ExportRange, writer: ExportWriter): Promise<ExportSummary> {
  const { db } = await openMigratedDb(config, 'export');
  try {
    return await exportNdjson(db, range, writer);
  } finally {
    await db.close();
  }
}

async function openFile(path: string): Promise<Writable> {
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (cause) {
    throw new AppError('invalid_config', `--output: ${(cause as Error).message}`, { cause });
  }
  return stream;
}

/** Waits for the reader when the stream's buffer is full, so a large export never piles up in memory. */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

function describe(summary: ExportSummary, output: string): string {
  const lines = [
    `exported ${summary.changes} changes, ${summary.deployments} deployments, ${summary.incidents} incidents` +
      (output === '-' ? '' : ` to ${output}`),
  ];
  const report = (notes: ExportNote[], what: string) => {
    if (notes.length === 0) return;
    lines.push(`${notes.length} ${what}:`);
    for (const note of notes.slice(0, 20)) lines.push(`  ${note.type} ${note.id}: ${note.message}`);
    if (notes.length > 20) lines.push(`  … and ${notes.length - 20} more`);
  };
  report(summary.skipped, 'rows skipped: the native API cannot express them');
  report(summary.partial, 'rows written without a part the native API cannot express');
  return `${lines.join('\n')}\n`;
}

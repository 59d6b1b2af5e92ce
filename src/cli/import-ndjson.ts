/**
 * `fivekeys import ndjson <file|->`: reads native API lines as `fivekeys export ndjson` writes them,
 * streaming (any file size), and writes them through the ingest path (or the native API of the
 * server holding the data folder). Bad lines are listed with
 * their number and never stop the import; the exit code is 1 when any line failed.
 */
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../errors.ts';
import { VERSION } from '../service/app.ts';
import {
  importNdjson,
  type ImportSummary,
  type LineError,
  type NativeSink,
} from '../service/imports/ndjson-import.ts';
import { withNativeSink } from './native-sink.ts';
import { addServerTokenOption, resolveTarget } from './target.ts';
import { exitTwoOnUsageError } from './usage.ts';

/** Progress in bytes of the file (its size is known, its number of lines is not). */
const BAR_FORMAT = ' {bar} {percentage}% | ETA: {eta}s | {lines} lines';

export function importNdjsonCommand(parent: Command, program: Command): void {
  const command = parent
    .command('ndjson')
    .description('import native API JSON lines ({"type": "change"|"deployment"|"incident", ...}); idempotent')
    .argument('<file>', 'the NDJSON file, or - for stdin')
    .option('--json', 'print the summary (with the first 1000 errors) as JSON')
    .exitOverride(exitTwoOnUsageError);
  addServerTokenOption(command).action(async (file: string, options: { json?: boolean; token?: string }) => {
    const { input, size } = file === '-' ? { input: process.stdin, size: undefined } : await openFile(file);
    const target = await resolveTarget(program, options);
    const showBar = process.stderr.isTTY && !options.json && size !== undefined;
    const summary = await withNativeSink(target, 'import ndjson', (sink) =>
      importWithProgress(sink, input, showBar ? size : undefined),
    );
    process.stdout.write(`${options.json ? JSON.stringify(summary, null, 2) : describe(summary)}\n`);
    if (summary.failed > 0) process.exitCode = 1;
  });
}

/**
 * Bad lines are printed as they come, or, under a progress bar (`barSize` set), once it is gone:
 * the first thousand, then their number.
 */
async function importWithProgress(
  ingest: NativeSink,
  input: Readable,
  barSize: number | undefined,
): Promise<ImportSummary> {
  const bar =
    barSize === undefined ? undefined : new SingleBar({ format: BAR_FORMAT }, Presets.shades_classic);
  const held: LineError[] = [];
  const print = (error: LineError) => process.stderr.write(`line ${error.line}: ${error.message}\n`);
  const lines = countingLines(input);
  bar?.start(barSize ?? 0, 0, { lines: 0 });
  try {
    const summary = await importNdjson(ingest, lines, {
      userAgent: `fivekeys/${VERSION} import ndjson`,
      onError: (error) => {
        if (!bar) print(error);
        else if (held.length < 1000) held.push(error);
      },
      onProgress: (sofar) => bar?.update(Math.min(lines.bytes, barSize ?? 0), { lines: sofar.lines }),
    });
    bar?.update(barSize ?? 0, { lines: summary.lines });
    bar?.stop();
    held.forEach(print);
    if (summary.failed > held.length && bar) {
      process.stderr.write(`… and ${summary.failed - held.length} more bad lines\n`);
    }
    return summary;
  } finally {
    bar?.stop();
  }
}

/** The file and its size (for the progress bar); a missing file is a usage error naming it. */
async function openFile(path: string): Promise<{ input: Readable; size: number }> {
  const input = createReadStream(path);
  try {
    await once(input, 'ready');
    return { input, size: (await stat(path)).size };
  } catch (cause) {
    input.destroy();
    throw new AppError('invalid_config', `<file>: ${(cause as Error).message}`, { cause });
  }
}

/** The lines of the input, counting the bytes read so far for the progress bar. */
function countingLines(input: Readable): AsyncIterable<string> & { bytes: number } {
  const counter = {
    bytes: 0,
    async *[Symbol.asyncIterator]() {
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        counter.bytes += Buffer.byteLength(line) + 1;
        yield line;
      }
    },
  };
  return counter;
}

function describe(summary: ImportSummary): string {
  const lines = [
    `lines read:   ${summary.lines}`,
    `  imported:   ${summary.imported}`,
    `  duplicates: ${summary.duplicates}`,
    `  failed:     ${summary.failed}`,
  ];
  if (summary.blank > 0) lines.push(`  blank:      ${summary.blank}`);
  return lines.join('\n');
}

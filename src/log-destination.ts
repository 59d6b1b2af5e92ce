/**
 * Where the service's logs go (stdout), such that logging never blocks or kills the process.
 * pino's default destination (sonic-boom) retries a failed write for ever: with a full pipe nobody
 * reads (EAGAIN) lines pile up in memory without bound, and at exit it flushes them synchronously,
 * sleeping in `Atomics.wait` between tries, EPIPE included once the reader has gone: SIGTERM never
 * ended the process. Here a line goes to the stream only while less than `maxBufferedBytes` wait in
 * it and the stream has not failed; otherwise it is dropped and counted
 * (`fivekeys_log_lines_dropped_total`). Nothing flushes synchronously at exit.
 */
import type { Writable } from 'node:stream';

export interface LogDestination {
  write(line: string): void;
  /** Lines dropped so far. */
  readonly dropped: number;
  /** Resolves once what was written has left the process, or after `ms` (a reader that never reads). */
  flush(ms: number): Promise<void>;
}

/** A reader that cannot keep up with 1 MiB of logs is not reading: what follows is dropped. */
const MAX_BUFFERED_BYTES = 1 << 20;

export function createLogDestination(
  stream: Writable,
  onDrop: () => void = () => undefined,
  maxBufferedBytes = MAX_BUFFERED_BYTES,
): LogDestination {
  let failed = false;
  let dropped = 0;
  // Without a listener an EPIPE on stdout is an uncaught exception: the process would die of its logs.
  stream.on('error', () => {
    failed = true;
  });
  const usable = () => !failed && !stream.destroyed && stream.writable;
  return {
    get dropped() {
      return dropped;
    },
    write(line) {
      if (usable() && stream.writableLength < maxBufferedBytes) {
        try {
          stream.write(line);
          return;
        } catch {
          // A file destination writes synchronously and throws (ENOSPC): that line is lost, not the process.
        }
      }
      dropped += 1;
      onDrop();
    },
    async flush(ms) {
      // Polled: 'drain' only follows a write that filled the buffer, and a gone reader sends nothing.
      const deadline = Date.now() + ms;
      while (usable() && stream.writableLength > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

/** stderr has no logger, but whatever writes there (a crash report) must not crash on EPIPE either. */
export function ignoreStdioErrors(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
}

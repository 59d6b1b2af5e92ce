/**
 * SIGTERM/SIGINT for `fivekeys serve`. The first signal begins a stop: readiness answers 503 at once,
 * after the drain delay the listener closes, requests in flight and their ingest batches commit, the
 * database closes, exit 0. Past the grace period, or on a second signal, the process logs what was
 * still pending and exits non-zero at once: to an embedded database that is a kill -9, which its
 * write-ahead log survives (test/fault/pglite-kill.test.ts), and nothing pending was acknowledged.
 */
import { constants } from 'node:os';

export interface Pending {
  ingest_waiting: number;
  ingest_in_batch: number;
  open_connections: number;
}

export interface Stoppable {
  drainMs: number;
  timeoutMs: number;
  /** Readiness turns 503 (load balancers drain); everything else is still served. */
  beginStop(): void;
  /** Closes the listener, lets in-flight work commit, closes the database. */
  close(): Promise<void>;
  pending(): Promise<Pending>;
  log: { info(message: string): void; error(object: object, message: string): void };
  /** Waits at most `ms` for log lines still buffered to leave the process. */
  flushLogs(ms: number): Promise<void>;
  exit(code: number): void;
}

/** What the last log line of a forced exit says was left. */
const describePending = (pending: Pending) =>
  `${pending.ingest_waiting} ingest requests waiting, ${pending.ingest_in_batch} in the running batch, ` +
  `${pending.open_connections} open connections`;

const FINAL_FLUSH_MS = 2000;

type StopSignal = 'SIGTERM' | 'SIGINT';

/**
 * Keeps a signal that arrives while the server starts (a fresh embedded folder takes seconds) so it
 * is acted on once the server can stop cleanly: by default it would end the process mid-migration and
 * leave the folder's lock behind. A second one exits at once, as it would later.
 */
export function holdSignalsWhileStarting(exit: (code: number) => void): {
  release(): StopSignal | undefined;
} {
  let received: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    if (received) exit(128 + constants.signals[signal]);
    received = signal;
  };
  const onTerm = () => onSignal('SIGTERM');
  const onInt = () => onSignal('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  return {
    release() {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      return received;
    },
  };
}

/** Installs the handlers; the function returned begins the same stop a signal would. */
export function stopOnSignals(target: Stoppable): (signal: StopSignal) => void {
  let startedAt: number | undefined;
  let exiting = false;
  const exit = async (code: number, flushMs: number) => {
    if (exiting) return;
    exiting = true;
    await target.flushLogs(flushMs);
    target.exit(code);
  };
  const force = async (why: string, code: number) => {
    if (exiting) return;
    const pending = await target.pending().catch(() => undefined);
    const left = pending ? describePending(pending) : 'what was pending is unknown';
    target.log.error({ pending }, `${why}: exiting now with ${left}`);
    await exit(code, 100);
  };
  const onSignal = (signal: StopSignal) => {
    if (startedAt !== undefined) {
      void force(`${signal} again while stopping`, 128 + constants.signals[signal]);
      return;
    }
    startedAt = Date.now();
    const seconds = target.timeoutMs / 1000;
    const timer = setTimeout(
      () => void force(`not stopped within ${seconds} s (FIVEKEYS_SHUTDOWN_TIMEOUT)`, 1),
      target.timeoutMs,
    );
    target.log.info(`${signal}: finishing in-flight requests and batches (at most ${seconds} s)`);
    target.beginStop();
    // The last lines may wait for a slow reader, briefly: one that does not read must not hold the exit.
    const remaining = () => Math.min(FINAL_FLUSH_MS, Math.max(0, startedAt! + target.timeoutMs - Date.now()));
    new Promise((resolve) => setTimeout(resolve, target.drainMs))
      .then(() => target.close())
      .then(
        () => {
          clearTimeout(timer);
          target.log.info(`stopped in ${Date.now() - startedAt!} ms`);
          return exit(0, remaining());
        },
        (error: unknown) => {
          clearTimeout(timer);
          target.log.error({ err: error }, 'shutdown failed');
          return exit(1, remaining());
        },
      );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  return onSignal;
}

/**
 * PGlite's own thread. PGlite is WebAssembly: every statement runs synchronously on the thread that
 * owns it, so in the server's thread one long statement (a 10-year percentile, a stream recompute)
 * held every request, `/healthz` included, for seconds. Here it holds only this thread.
 *
 * The statements keep the semantics they had in the server's thread: plain queries go through
 * `lite.query`, which waits behind an open transaction; a transaction is `lite.transaction`, held
 * open until the server's thread sends its end; `{prepare: true}` transactions use the named
 * statements of pglite-prepared.ts.
 */
import './wasm-code-gc.ts';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { toSentError, type PgliteRequest, type PgliteStart } from './pglite-messages.ts';
import { preparedQueries } from './pglite-prepared.ts';

interface OpenTransaction {
  tx: Transaction;
  prepare: boolean;
  end(commit: boolean): void;
}

const { dataDir, startParams, maxPrepared } = workerData as PgliteStart;
const port = parentPort!;
const lite = await PGlite.create(dataDir ?? 'memory://', { startParams }).catch((error: unknown) => {
  // PGlite rejects with its file system's ErrnoError, which has no message of its own.
  const errno = (error as { errno?: unknown } | null)?.errno;
  throw error instanceof Error && error.message
    ? error
    : new Error(`file system error ${String(errno ?? error)}`);
});
const prepared = preparedQueries(lite, maxPrepared);
const open = new Map<number, OpenTransaction>();
/** Each transaction's outcome, from its begin (the callback may never run: BEGIN can fail). */
const outcomes = new Map<number, Promise<void>>();
const ROLLBACK = Symbol('rollback');

function begin(id: number, prepare: boolean): Promise<void> {
  return new Promise((begun, failed) => {
    let end: (commit: boolean) => void = () => undefined;
    const ended = new Promise<boolean>((resolve) => (end = resolve));
    const outcome = lite.transaction(async (tx) => {
      open.set(id, { tx, prepare, end });
      begun();
      if (!(await ended)) throw ROLLBACK;
    });
    outcomes.set(id, outcome);
    // Before the callback ran this rejects the begin; after it, `failed` does nothing.
    outcome.catch(failed);
  });
}

async function end(id: number, commit: boolean): Promise<void> {
  const transaction = open.get(id);
  const outcome = outcomes.get(id);
  open.delete(id);
  outcomes.delete(id);
  transaction?.end(commit);
  try {
    await outcome;
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
}

function inTransaction(id: number): OpenTransaction {
  const transaction = open.get(id);
  if (!transaction) throw new Error('Transaction is closed');
  return transaction;
}

async function run(request: PgliteRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const params = request.params as unknown[] | undefined;
      if (request.tx === undefined) return (await lite.query(request.sql, params)).rows;
      const { tx, prepare } = inTransaction(request.tx);
      return prepare ? prepared(request.sql, params) : (await tx.query(request.sql, params)).rows;
    }
    case 'exec':
      await (request.tx === undefined ? lite : inTransaction(request.tx).tx).exec(request.sql);
      return undefined;
    case 'begin':
      return begin(request.tx, request.prepare);
    case 'end':
      return end(request.tx, request.commit);
    case 'close':
      // Waits for the statements and transactions before it, as PGlite's close does.
      return lite.close();
  }
}

port.on('message', (request: PgliteRequest) => {
  const { id } = request;
  const failed = (error: unknown) => port.postMessage({ id, error: toSentError(error) });
  run(request).then((result) => {
    try {
      port.postMessage({ id, result });
    } catch (error) {
      failed(error); // a value structured clone cannot carry
    }
  }, failed);
});
port.postMessage({ ready: true });

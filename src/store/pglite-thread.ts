/**
 * The server's side of PGlite's thread (pglite-worker.ts): each call is a message, answered by id.
 * The thread never keeps the process alive while idle (tests open many databases, and one left
 * open must not hang the run), and when it dies every call waiting on it is rejected, so no caller
 * ever hangs on a thread that is gone.
 */
import './wasm-code-gc.ts';
import { Worker } from 'node:worker_threads';
import {
  fromSentError,
  type PgliteCall,
  type PgliteReply,
  type PgliteRequest,
  type PgliteStart,
} from './pglite-messages.ts';

export interface PgliteThread {
  call(request: PgliteCall): Promise<unknown>;
  /** Lets the statements already sent finish, closes PGlite, then ends the thread. */
  close(): Promise<void>;
}

/** Matches classifyDbError's 'unavailable' (db-errors.ts): the caller is told to retry later. */
const closedError = (why: string) => new Error(`PGlite is closed: ${why}`);

/** The bundle (scripts/bundle.mjs) builds the worker as JavaScript beside itself. */
const WORKER = new URL(
  import.meta.url.endsWith('.ts') ? './pglite-worker.ts' : './pglite-worker.js',
  import.meta.url,
);

function createWorker(entry: URL, start: PgliteStart): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: start });
  // From the sources under tsx: Node 20 does not apply the parent's `--import tsx` to a worker's
  // modules, so the worker registers tsx itself before importing the TypeScript.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const source = `import(${tsx}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(source, { eval: true, workerData: start });
}

/** `entry`: the worker's module (tests wrap it to crash it on purpose). */
export async function startPgliteThread(start: PgliteStart, entry = WORKER): Promise<PgliteThread> {
  const worker = createWorker(entry, start);
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`PGlite's thread exited with code ${code} while opening`)),
    );
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let lastId = 0;
  /** Set once the thread is gone (or going): new calls are refused with it. */
  let stopped: Error | undefined;
  let closing: Promise<void> | undefined;

  const settle = (id: number) => {
    const call = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) worker.unref();
    return call;
  };
  worker.on('message', (reply: PgliteReply) => {
    if ('ready' in reply) return;
    const call = settle(reply.id);
    if ('error' in reply) call?.reject(fromSentError(reply.error));
    else call?.resolve(reply.result);
  });
  const fail = (error: Error) => {
    stopped ??= error;
    for (const id of [...waiting.keys()]) settle(id)?.reject(error);
  };
  worker.on('error', (error) => fail(closedError(`its thread failed: ${error.message}`)));
  worker.on('exit', (code) => fail(closedError(`its thread exited with code ${code}`)));
  // Idle, the thread must not keep the process alive. After the listeners: adding a 'message'
  // listener refs the worker again (an opened, never queried database kept its process running).
  worker.unref();

  const send = (request: PgliteCall) =>
    new Promise<unknown>((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = (lastId += 1);
      // Throws (rejecting this call) on a parameter structured clone cannot carry, such as a function.
      worker.postMessage({ ...request, id } satisfies PgliteRequest);
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve, reject });
    });

  return {
    call(request) {
      // Once closing, only the transactions already open may go on (PGlite's close waits for them).
      const inOpenTransaction = 'tx' in request && request.tx !== undefined && request.op !== 'begin';
      if (closing && !inOpenTransaction)
        return Promise.reject(stopped ?? closedError('the database was closed'));
      return send(request);
    },
    close() {
      closing ??= (async () => {
        try {
          if (!stopped) await send({ op: 'close' });
        } finally {
          stopped ??= closedError('the database was closed');
          await worker.terminate();
        }
      })();
      return closing;
    },
  };
}

/**
 * Creates a PGlite data folder, when it holds no database yet, in a worker thread. Creating one (PGlite's initdb) grows its
 * WebAssembly memory to ~700 MB, and a WebAssembly memory never shrinks: created in the server's
 * own thread, it stayed resident until some later full collection, and a server started on a fresh
 * folder kept ~730 MB where the same folder reopened needs ~235 MB. A worker's memory goes back to
 * the system when the worker exits.
 */
import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

// Plain JavaScript run by the worker; PGlite is resolved by the caller, so it loads from the
// same install whether the server runs from the bundle or from the sources.
const CREATE_FOLDER = `
const { workerData } = require('node:worker_threads');
import(workerData.pglite).then(async ({ PGlite }) => {
  const db = await PGlite.create(workerData.dataDir, { startParams: workerData.startParams });
  await db.close();
}).catch((error) => {
  // PGlite rejects with its file system's ErrnoError, which has no message of its own.
  throw new Error(error instanceof Error && error.message ? error.message : 'file system error ' + (error?.errno ?? error));
});
`;

export async function ensurePgliteFolder(dataDir: string, startParams: readonly string[]): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const worker = new Worker(CREATE_FOLDER, { eval: true, workerData: { pglite, dataDir, startParams } });
  const [code] = await once(worker, 'exit').catch((error: Error) => {
    throw new Error(`could not create the embedded database in ${dataDir}: ${error.message}`);
  });
  if (code !== 0) throw new Error(`creating the PGlite folder ${dataDir} ended with code ${String(code)}`);
}

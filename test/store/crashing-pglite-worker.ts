/**
 * The real PGlite thread (src/store/pglite-worker.ts), which two statement texts end the ways a
 * thread dies: an uncaught exception, and `process.exit` (as an aborting WebAssembly runtime does).
 * Its listener comes first, so the real one never answers them.
 */
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (request: { sql?: unknown }) => {
  if (request.sql === 'crash: throw') throw new Error('the thread blew up');
  if (request.sql === 'crash: exit') process.exit(3);
});
await import('../../src/store/pglite-worker.ts');

/** Where an import's native batches go: the ingest service over the folder, or the server holding it. */
import { createAppServices } from '../service/app.ts';
import { openMigratedDb } from '../service/database.ts';
import type { NativeSink } from '../service/imports/ndjson-import.ts';
import { serverIngest } from './server-ingest.ts';
import type { Target } from './target.ts';

/** `command` names this process in the folder's lock while it holds it. */
export async function withNativeSink<T>(
  target: Target,
  command: string,
  work: (sink: NativeSink) => Promise<T>,
): Promise<T> {
  if (target.kind === 'server') return work(serverIngest(target.server));
  const { db } = await openMigratedDb(target.config, command);
  const services = createAppServices(db, target.config);
  try {
    return await work(services.ingest);
  } finally {
    await services.ingest.flush();
    await db.close();
  }
}

/** Wires the use cases over one database: what the HTTP layer and the CLI are given. */
import type { Config } from '../config.ts';
import { createCloudEventsRouter } from '../ingest/cloudevents/router-config.ts';
import { createRawParser } from '../ingest/raw-parser.ts';
import type { Db } from '../store/db.ts';
import { createAuthService } from './auth.ts';
import { createCatalogService } from './catalog.ts';
import { createCloudEventsService } from './cloudevents.ts';
import { createIngestService } from './ingest.ts';
import { createRawEventsService } from './raw-events.ts';
import { createReportService } from './report.ts';

export const VERSION = '0.1.0';

export function createAppServices(
  db: Db,
  config: Pick<Config, 'auth' | 'adminToken' | 'adminUsername' | 'adminPassword'> &
    Partial<Pick<Config, 'cloudevents'>>,
) {
  const ingest = createIngestService(db);
  const router = createCloudEventsRouter(config.cloudevents);
  return {
    db,
    ingest,
    cloudEvents: createCloudEventsService(ingest, router),
    /** Today's adapters over a raw-log entry: what replay runs. */
    parseRaw: createRawParser(router),
    rawEvents: createRawEventsService(db),
    auth: createAuthService(db, {
      mode: config.auth,
      adminToken: config.adminToken,
      adminUsername: config.adminUsername,
      adminPassword: config.adminPassword,
    }),
    catalog: createCatalogService(db),
    report: createReportService(db),
    /** True when the database answers a trivial query (readiness). */
    async ready(): Promise<boolean> {
      try {
        await db.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
  };
}

export type AppServices = ReturnType<typeof createAppServices>;

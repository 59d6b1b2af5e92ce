/** Wires the use cases over one database: what the HTTP layer and the CLI are given. */
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import { createAuthService } from './auth.ts';
import { createCatalogService } from './catalog.ts';
import { createIngestService } from './ingest.ts';
import { createReportService } from './report.ts';

export const VERSION = '0.1.0';

export function createAppServices(
  db: Db,
  config: Pick<Config, 'auth' | 'adminToken' | 'adminUsername' | 'adminPassword'>,
) {
  return {
    db,
    ingest: createIngestService(db),
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

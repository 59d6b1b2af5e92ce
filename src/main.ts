/** The service process: open the database, migrate, apply the config file, listen. */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { buildServer } from './http/server.ts';
import { createLogDestination, type LogDestination } from './log-destination.ts';
import { createAppServices, type AppServices } from './service/app.ts';
import { openMigratedDb } from './service/database.ts';

export interface RunningServer {
  app: FastifyInstance;
  services: AppServices;
  url: string;
  /** stdout, dropping lines rather than blocking when nobody reads it. */
  logs: LogDestination;
  /** Stops accepting requests, lets in-flight batches commit, then closes the database (and frees its folder). */
  close(): Promise<void>;
}

export async function runServer(config: Config): Promise<RunningServer> {
  const { db, lock } = await openMigratedDb(config, 'serve');
  const services = createAppServices(db, config);
  await services.catalog.applyConfigFile(config.settings, config.services);
  const logs = createLogDestination(process.stdout, services.prometheus.logLineDropped);
  const app = await buildServer(services, {
    bodyLimitBytes: config.bodyLimitBytes,
    logLevel: config.logLevel,
    logStream: logs,
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    rateLimitPerMinute: config.rateLimitPerMinute,
    requestTimeoutMs: config.requestTimeoutMs,
  });
  const url = await app.listen({ port: config.port, host: config.host });
  if (!(await services.auth.enabled())) {
    app.log.warn(
      'Authentication is off: set FIVEKEYS_ADMIN_TOKEN or create a token before exposing this service.',
    );
  }
  app.log.info(
    { database: db.kind, dataDir: config.databaseUrl ? undefined : config.dataDir },
    `fivekeys ready on ${url}`,
  );
  // Other commands read it from the folder's lock to reach this server instead of the folder.
  await lock?.setUrl(url);
  return {
    app,
    services,
    url,
    logs,
    async close() {
      await app.close();
      await services.ingest.flush();
      await db.close();
    },
  };
}

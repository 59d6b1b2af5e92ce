/**
 * Prints the OpenAPI document of `/openapi.json` (for linters and client generators): the server is
 * built over an in-memory database that is never queried, and never listens.
 */
import { buildServer } from '../src/http/server.ts';
import { createAppServices } from '../src/service/app.ts';
import { openDb } from '../src/store/db.ts';

const db = await openDb({});
const app = await buildServer(
  createAppServices(db, {
    auth: 'auto',
    adminToken: undefined,
    adminUsername: undefined,
    adminPassword: undefined,
  }),
  {
    bodyLimitBytes: 1 << 20,
    logLevel: 'silent',
  },
);
process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
await db.close();

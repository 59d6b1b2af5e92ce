/**
 * Doctor's facts from the configured database, opened as the other commands open it but never
 * migrated (whether migrations are applied is one of the questions) nor created (a data folder that
 * does not exist is an answer too).
 */
import { existsSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { listMigrations, selectAppliedMigrations } from '../../store/migrate.ts';
import type { Db } from '../../store/db.ts';
import { openConfiguredDb } from '../database.ts';
import { createAppServices } from '../app.ts';
import {
  attempt,
  DAY_MS,
  LOOKBACK_MS,
  groupFailed,
  OTHER_SOURCES,
  WARNINGS_READ,
  type DoctorFacts,
  type LatestDeployment,
} from './doctor-facts.ts';

type LocalConfig = Pick<
  Config,
  'databaseUrl' | 'dataDir' | 'port' | 'auth' | 'adminToken' | 'adminUsername' | 'adminPassword' | 'webhooks'
>;

export async function gatherLocalFacts(config: LocalConfig, now: number): Promise<DoctorFacts> {
  const target = config.databaseUrl ? withoutPassword(config.databaseUrl) : config.dataDir;
  const base = { mode: 'local' as const, target, baseUrl: `http://localhost:${config.port}` };
  if (!config.databaseUrl && !existsSync(config.dataDir)) {
    return { ...base, database: { ok: false, error: 'the folder does not exist' } };
  }
  let db: Db;
  try {
    // A folder a live process holds is never opened: the refusal names it and how to ask it instead.
    ({ db } = await openConfiguredDb(config, 'doctor', 2));
  } catch (error) {
    return { ...base, database: { ok: false, error: (error as Error).message } };
  }
  try {
    await db.query('select 1');
  } catch (error) {
    await db.close();
    return { ...base, database: { ok: false, error: (error as Error).message } };
  }
  try {
    const migrations = await attempt(async () => ({
      applied: await selectAppliedMigrations(db),
      known: listMigrations().map(({ version, name }) => ({ version, name })),
    }));
    const facts: DoctorFacts = { ...base, database: { ok: true, value: { kind: db.kind } }, migrations };
    const complete =
      migrations.ok && migrations.value.known.every((m) => migrations.value.applied.includes(m.version));
    return complete ? { ...facts, ...(await dataFacts(db, config, now)) } : facts;
  } finally {
    await db.close();
  }
}

async function dataFacts(db: Db, config: LocalConfig, now: number): Promise<Partial<DoctorFacts>> {
  const services = createAppServices(db, config);
  const latest = async (query: { from: Date; production?: boolean }): Promise<LatestDeployment | null> => {
    const page = await services.evidence.deployments({ ...query, to: new Date(now), limit: 1 }, now);
    const item = page.items[0];
    return item === undefined
      ? null
      : { service: item.service, environment: item.environment, finished_at: item.finished_at };
  };
  const [webhooks, otherSources, failedRequests, recentDeployment, productionDeployment, recentWarnings] =
    await Promise.all([
      attempt(() => services.webhooks.status()),
      attempt(async () => {
        const newest = await Promise.all(
          OTHER_SOURCES.map(async (source) => ({
            source,
            page: await services.rawEvents.list({ source }, null, 1),
          })),
        );
        return newest.flatMap(({ source, page }) =>
          page.items[0] === undefined ? [] : [{ source, last_at: page.items[0].received_at }],
        );
      }),
      attempt(async () =>
        groupFailed((await services.rawEvents.list({ status: 'failed' }, null, 500)).items),
      ),
      attempt(() => latest({ from: new Date(now - 30 * DAY_MS) })),
      attempt(() => latest({ from: new Date(now - LOOKBACK_MS), production: true })),
      attempt(() => services.recentWarnings(new Date(now - 7 * DAY_MS), WARNINGS_READ)),
    ]);
  return { webhooks, otherSources, failedRequests, recentDeployment, productionDeployment, recentWarnings };
}

function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return 'DATABASE_URL';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

import type { Service } from '../model/catalog.ts';
import type { Queryable } from './db.ts';

interface ServiceRow {
  name: string;
  application: string | null;
  team: string | null;
  repositories: string[];
  production_environments: string[];
  production_pattern: string | null;
  attribution_window_seconds: number | null;
  counted_severities: string[] | null;
}

const COLUMNS = `name, application, team, repositories, production_environments, production_pattern,
  attribution_window_seconds, counted_severities`;

function toService(row: ServiceRow): Service {
  const settings: Service['settings'] = {};
  if (row.production_pattern !== null) settings.production_pattern = row.production_pattern;
  if (row.attribution_window_seconds !== null)
    settings.attribution_window_seconds = row.attribution_window_seconds;
  if (row.counted_severities !== null) settings.counted_severities = row.counted_severities;
  return {
    name: row.name,
    application: row.application ?? undefined,
    team: row.team ?? undefined,
    repositories: row.repositories,
    production_environments: row.production_environments,
    settings,
  };
}

export async function selectServices(db: Queryable): Promise<Service[]> {
  return (await db.query<ServiceRow>(`select ${COLUMNS} from services order by name`)).map(toService);
}

export async function selectService(db: Queryable, name: string): Promise<Service | undefined> {
  const rows = await db.query<ServiceRow>(`select ${COLUMNS} from services where name = $1`, [name]);
  return rows[0] && toService(rows[0]);
}

/** Replaces a service's catalog entry (PUT semantics). */
export async function upsertService(tx: Queryable, service: Service): Promise<void> {
  await tx.query(
    `insert into services (${COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (name) do update set application = excluded.application, team = excluded.team,
       repositories = excluded.repositories, production_environments = excluded.production_environments,
       production_pattern = excluded.production_pattern,
       attribution_window_seconds = excluded.attribution_window_seconds,
       counted_severities = excluded.counted_severities, updated_at = now()`,
    [
      service.name,
      service.application ?? null,
      service.team ?? null,
      service.repositories,
      service.production_environments,
      service.settings.production_pattern ?? null,
      service.settings.attribution_window_seconds ?? null,
      service.settings.counted_severities?.map((severity) => severity.toLowerCase()) ?? null,
    ],
  );
}

/** Re-derives which deployments are production after the catalog or settings changed. */
export async function updateProductionFlags(
  tx: Queryable,
  services: readonly string[] | 'all',
): Promise<void> {
  await tx.query(
    `update deployments d set is_production = coalesce(d.production_hint,
         case when cardinality(s.production_environments) > 0 then d.environment = any(s.production_environments)
              else d.environment ~* coalesce(s.production_pattern, g.production_pattern) end)
       from services s, settings g
      where s.name = d.service and ($1::text[] is null or d.service = any($1::text[]))`,
    [services === 'all' ? null : services],
  );
}

export interface ProjectRow {
  name: string;
  services: string[];
  teams: string[];
}

/** Applications as DevLake-style projects; services without one are grouped under their own name. */
export async function selectProjects(db: Queryable): Promise<ProjectRow[]> {
  return db.query<ProjectRow>(
    `select coalesce(application, name) as name, array_agg(name order by name) as services,
            coalesce(array_agg(distinct team) filter (where team is not null), '{}') as teams
       from services group by coalesce(application, name) order by 1`,
  );
}

const INVALID_REGULAR_EXPRESSION = '2201B';

/** Production patterns run as PostgreSQL regular expressions, so PostgreSQL judges them. */
export async function isValidPattern(db: Queryable, pattern: string): Promise<boolean> {
  try {
    await db.query("select '' ~* $1", [pattern]);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === INVALID_REGULAR_EXPRESSION) return false;
    throw error;
  }
}

export interface CatalogFilter {
  service?: string | undefined;
  team?: string | undefined;
  application?: string | undefined;
}

/**
 * The filters, of those given, that no service in the catalog matches (every service an event names
 * is registered there). One probe per given filter, in one statement.
 */
export async function selectFiltersNamingNothing(
  db: Queryable,
  filter: CatalogFilter,
): Promise<(keyof CatalogFilter)[]> {
  if (filter.service === undefined && filter.team === undefined && filter.application === undefined)
    return [];
  const [row] = await db.query<{ service: boolean; team: boolean; application: boolean }>(
    `select $1::text is null or exists (select 1 from services where name = $1) as service,
            $2::text is null or exists (select 1 from services where team = $2) as team,
            $3::text is null or exists (select 1 from services where application = $3) as application`,
    [filter.service ?? null, filter.team ?? null, filter.application ?? null],
  );
  return (['service', 'team', 'application'] as const).filter((field) => row && !row[field]);
}

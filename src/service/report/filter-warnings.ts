/**
 * A metrics answer for a team, service or application nobody knows is all zeros and nulls, which
 * reads like "no activity": the answer says instead that the filter names nothing.
 */
import type { Queryable } from '../../store/db.ts';
import { selectFiltersNamingNothing, type CatalogFilter } from '../../store/services.ts';

export interface FilterWarning {
  code: 'unknown_filter';
  /** The query parameter: team, service or application. */
  field: keyof CatalogFilter;
  message: string;
}

const NOUN = { service: 'service', team: 'team', application: 'application' } as const;

export async function filterWarnings(db: Queryable, filter: CatalogFilter): Promise<FilterWarning[]> {
  const unknown = await selectFiltersNamingNothing(db, filter);
  return unknown.map((field) => ({
    code: 'unknown_filter',
    field,
    message: `No ${NOUN[field]} is named ${JSON.stringify(filter[field])}: every number here is empty. Check the spelling against GET /api/v1/services (names are case-sensitive).`,
  }));
}

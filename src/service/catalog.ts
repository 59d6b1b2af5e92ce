/**
 * The service catalog and metric settings. Changing what counts as production re-derives the
 * production flags and incident attributions of the services concerned in the same transaction.
 */
import { checkSettings, type ServiceBody, type SettingsInput } from '../catalog-schema.ts';
import { AppError } from '../errors.ts';
import type { MetricSettings, Service } from '../model/catalog.ts';
import type { Db } from '../store/db.ts';
import { updateFirstProduction } from '../store/first-deployments.ts';
import { reattributeServiceIncidents } from '../store/incident-attribution.ts';
import {
  isValidPattern,
  selectProjects,
  selectService,
  selectServices,
  updateProductionFlags,
  upsertService,
} from '../store/services.ts';
import { lockSettingsExclusive, selectSettings, updateSettings } from '../store/settings.ts';

export function createCatalogService(db: Db) {
  async function checkPattern(pattern: string | undefined, field: string): Promise<void> {
    if (pattern !== undefined && !(await isValidPattern(db, pattern))) {
      throw new AppError('invalid_payload', `${field} is not a valid PostgreSQL regular expression`, {
        field,
      });
    }
  }

  async function getService(name: string): Promise<Service> {
    const service = await selectService(db, name);
    if (!service) throw new AppError('not_found', `No service named "${name}" in the catalog.`);
    return service;
  }

  async function putService(name: string, body: ServiceBody): Promise<Service> {
    checkSettings(body.settings ?? {}, 'settings.');
    await checkPattern(body.settings?.production_pattern, 'settings.production_pattern');
    const service: Service = {
      name,
      application: body.application ?? undefined,
      team: body.team ?? undefined,
      repositories: body.repositories ?? [],
      production_environments: body.production_environments ?? [],
      settings: body.settings ?? {},
    };
    await db.transaction(async (tx) => {
      await lockSettingsExclusive(tx);
      await upsertService(tx, service);
      await updateProductionFlags(tx, [name]);
      await updateFirstProduction(tx, null, [name]);
      await reattributeServiceIncidents(tx, [name]);
    });
    return getService(name);
  }

  /** Merges the given fields into the global settings. */
  async function putSettings(input: SettingsInput): Promise<MetricSettings> {
    checkSettings(input, '');
    await checkPattern(input.production_pattern, 'production_pattern');
    const current = await selectSettings(db);
    const next: MetricSettings = {
      ...current,
      ...withoutUndefined(input),
      window_days: { ...current.window_days, ...withoutUndefined(input.window_days ?? {}) },
    };
    await db.transaction(async (tx) => {
      await lockSettingsExclusive(tx);
      await updateSettings(tx, next);
      await updateProductionFlags(tx, 'all');
      const names = (await selectServices(tx)).map((service) => service.name);
      await updateFirstProduction(tx, null, names);
      await reattributeServiceIncidents(tx, names);
    });
    return selectSettings(db);
  }

  /** Applies the YAML file's settings and services (GitOps): the file wins over earlier API edits. */
  async function applyConfigFile(settings: SettingsInput, services: readonly Service[]): Promise<void> {
    if (Object.keys(settings).length > 0) await putSettings(settings);
    for (const service of services) await putService(service.name, service);
  }

  return {
    listServices: () => selectServices(db),
    getService,
    putService,
    getSettings: () => selectSettings(db),
    putSettings,
    applyConfigFile,
    listProjects: () => selectProjects(db),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

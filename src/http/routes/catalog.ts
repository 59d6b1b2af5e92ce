/** The service catalog, DevLake-style projects and the metric settings. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  ServiceBodySchema,
  SettingsSchema,
  type ServiceBody,
  type SettingsInput,
} from '../../catalog-schema.ts';
import type { AppServices } from '../../service/app.ts';
import { ProjectList, Service, ServiceList, Settings } from '../schemas/catalog.ts';

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });

export function catalogRoutes(app: FastifyInstance, services: AppServices): void {
  const { catalog } = services;
  const read = { scope: 'read' as const };
  app.get<{ Reply: Static<typeof ServiceList> }>(
    '/api/v1/services',
    { config: read, schema: { response: { 200: ServiceList } } },
    async () => ({
      services: await catalog.listServices(),
    }),
  );
  app.get<{ Params: Static<typeof NameParams>; Reply: Static<typeof Service> }>(
    '/api/v1/services/:name',
    { config: read, schema: { params: NameParams, response: { 200: Service } } },
    async (request) => catalog.getService(request.params.name),
  );
  app.put<{ Params: Static<typeof NameParams>; Body: ServiceBody; Reply: Static<typeof Service> }>(
    '/api/v1/services/:name',
    {
      config: { scope: 'admin' },
      schema: { params: NameParams, body: ServiceBodySchema, response: { 200: Service } },
    },
    async (request) => catalog.putService(request.params.name, request.body),
  );
  app.get<{ Reply: Static<typeof ProjectList> }>(
    '/api/projects',
    { config: read, schema: { response: { 200: ProjectList } } },
    async () => {
      const projects = await catalog.listProjects();
      return { count: projects.length, projects };
    },
  );
  app.get<{ Reply: Static<typeof Settings> }>(
    '/api/v1/settings',
    { config: read, schema: { response: { 200: Settings } } },
    async () => catalog.getSettings(),
  );
  app.put<{ Body: SettingsInput; Reply: Static<typeof Settings> }>(
    '/api/v1/settings',
    { config: { scope: 'admin' }, schema: { body: SettingsSchema, response: { 200: Settings } } },
    async (request) => catalog.putSettings(request.body),
  );
}

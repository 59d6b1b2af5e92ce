/**
 * OpenAPI 3 at `/openapi.json` and Swagger UI at `/docs`, generated from the route schemas. Each
 * operation gets its summary and example from `openapi-docs.ts`, its security from the route's
 * scope, and the error answers every route shares (DESIGN.md §4), so clients see one error shape.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../service/app.ts';
import { ROUTE_DOCS } from './openapi-docs.ts';

const ERROR = {
  type: 'object' as const,
  required: ['error'],
  properties: {
    error: {
      type: 'object' as const,
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' as const, example: 'invalid_payload' },
        message: { type: 'string' as const, example: '[1].finished_at: must match format "date-time"' },
        field: { type: 'string' as const, example: '[1].finished_at' },
      },
    },
  },
};

const errorAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const ERRORS = {
  400: errorAnswer('Invalid input; `field` names it'),
  401: errorAnswer('Missing or unknown token, or a bad webhook signature'),
  403: errorAnswer('The token lacks the scope'),
  413: errorAnswer('Body over the configured limit'),
  415: errorAnswer('Not JSON'),
  503: errorAnswer('Database unavailable; retry after `Retry-After` seconds'),
};

/** `/api/v1/services/:name` → `/api/v1/services/{name}`, as OpenAPI writes paths. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'fivekeys',
        version: VERSION,
        description:
          'DORA metrics from the events your CI/CD, Git hosts, Kubernetes and incident tools emit.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: { Error: ERROR },
      },
    },
    transform: ({ schema, url, route }) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const doc = ROUTE_DOCS[`${methods[0]} ${openApiPath(url)}`];
      const scope = route.config?.scope;
      const ok = {
        description: 'OK',
        content: {
          'application/json': {
            schema: { type: 'object' },
            ...(doc?.example ? { example: doc.example } : {}),
          },
        },
      };
      const transformed = {
        ...schema,
        summary: doc?.summary,
        description: doc?.description,
        tags: doc ? [doc.tag] : undefined,
        ...(scope ? { security: [{ bearer: [] }], 'x-fivekeys-scope': scope } : {}),
        // Declared 2xx schemas (the native ingest answer) stay; the others get the example.
        response: { ...(schema?.response ? {} : { 200: ok }), ...ERRORS, ...(schema?.response ?? {}) },
      };
      return { schema: transformed as typeof schema, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

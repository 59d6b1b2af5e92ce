/**
 * OpenAPI 3.1 at `/openapi.json` and Swagger UI at `/docs`, generated from the route schemas: the
 * TypeBox schemas that validate requests and serialize answers are the ones documented. Each
 * operation gets its id, summary and example from `openapi-docs.ts`, its security from the route's
 * scope, and the error answers it can give (DESIGN.md §4), all in the one error shape.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { VERSION } from '../service/app.ts';
import type { Scope } from '../service/auth/auth.ts';
import { ROUTE_DOCS, TAGS, type RouteDoc } from './openapi-docs.ts';
import { ErrorAnswer } from './schemas/common.ts';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `field` names it',
  401: 'Missing or unknown token, or a bad webhook signature',
  403: 'The token lacks the scope',
  404: 'Nothing by that name',
  408: 'The request did not arrive in time',
  413: 'Body over the configured limit',
  415: 'A media type the route does not read',
  422: 'The Idempotency-Key was used with another body',
  429: 'Too many requests, or too many failed logins; retry after `Retry-After` seconds',
  500: 'An unexpected failure (logged with its cause)',
  503: 'Database unavailable or shutting down; retry after `Retry-After` seconds',
};

const errorAnswer = (status: number) => ({
  description: ERROR_DESCRIPTIONS[status] ?? 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** Signature schemes of the tools' webhooks; each source checks its own (DESIGN.md §5). */
const SIGNATURES = {
  githubSignature: { header: 'X-Hub-Signature-256', of: 'GitHub: HMAC-SHA256 of the body' },
  gitlabToken: { header: 'X-Gitlab-Token', of: 'GitLab: the shared secret token' },
  pagerdutySignature: { header: 'X-PagerDuty-Signature', of: 'PagerDuty: HMAC-SHA256 of the body' },
  fluxSignature: { header: 'X-Signature', of: 'Flux: HMAC of the body' },
};

const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'A fivekeys token; its scopes are listed per route',
  },
  basic: {
    type: 'http',
    scheme: 'basic',
    description: 'The token as the password, for senders that only do basic auth',
  },
  accessToken: {
    type: 'apiKey',
    in: 'query',
    name: 'access_token',
    description: 'The token in the URL, where a sender cannot set headers',
  },
  ...Object.fromEntries(
    Object.entries(SIGNATURES).map(([name, { header, of }]) => [
      name,
      {
        type: 'apiKey',
        in: 'header',
        name: header,
        description: `${of}, with the source's configured secret`,
      },
    ]),
  ),
};

type Requirement = Record<string, string[]>[];

function securityOf(scope: Scope | 'webhook' | undefined, queryToken: boolean): Requirement {
  if (scope === undefined) return [];
  const tokenScope = scope === 'webhook' ? 'ingest' : scope;
  const token: Requirement = [{ bearer: [tokenScope] }, { basic: [tokenScope] }];
  if (queryToken) token.push({ accessToken: [tokenScope] });
  if (scope !== 'webhook') return token;
  return [...Object.keys(SIGNATURES).map((name) => ({ [name]: [] })), ...token];
}

/** The errors a route can answer: what every route may meet, plus what its doc names. */
function errorStatuses(method: string, secured: boolean, doc: RouteDoc | undefined): number[] {
  const statuses = new Set([400, 429, 500, 503, ...(doc?.errors ?? [])]);
  if (secured) [401, 403].forEach((status) => statuses.add(status));
  if (method === 'POST' || method === 'PUT') [413, 415].forEach((status) => statuses.add(status));
  return [...statuses].sort();
}

type Schema = Record<string, unknown>;

/** 2xx answers as media-type content, with the doc's example on the JSON one. */
function okAnswer(status: string, schema: Schema, doc: RouteDoc | undefined): Schema {
  const example = doc?.example === undefined || !status.startsWith('2') ? {} : { example: doc.example };
  // Answers in several media types (JSON or CSV) already list them; the example goes on the JSON one.
  const content = schema.content as Record<string, Schema> | undefined;
  if (content?.['application/json'])
    return {
      ...schema,
      content: { ...content, 'application/json': { ...content['application/json'], ...example } },
    };
  if ('content' in schema || schema.type === 'null') return schema;
  return {
    description: (schema.description as string | undefined) ?? 'OK',
    content: { 'application/json': { schema, ...example } },
  };
}

/** `/api/v1/services/:name` → `/api/v1/services/{name}`, as OpenAPI writes paths. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

export async function installOpenApi(app: FastifyInstance): Promise<void> {
  app.addSchema(ErrorAnswer);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'fivekeys',
        version: VERSION,
        description:
          'DORA metrics from the events your CI/CD, Git hosts, Kubernetes and incident tools emit.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/', description: 'This server' }],
      tags: TAGS,
      components: { securitySchemes: SECURITY_SCHEMES as never },
    },
    // Shared schemas keep their `$id` as their component name (`#/components/schemas/Error`).
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transform: ({ schema, url, route }) => {
      const method = [route.method].flat()[0]!;
      const doc = ROUTE_DOCS[`${method} ${openApiPath(url)}`];
      const config = (route as RouteOptions).config as { scope?: Scope; queryToken?: boolean } | undefined;
      const security = securityOf(config?.scope ?? doc?.scope, config?.queryToken === true);
      const declared = { ...(schema?.response as object), ...doc?.answers } as Record<string, Schema>;
      const response = Object.fromEntries([
        ...errorStatuses(method, security.length > 0, doc).map((status) => [status, errorAnswer(status)]),
        ...Object.entries(declared).map(([status, answer]) => [status, okAnswer(status, answer, doc)]),
      ]);
      const transformed = {
        ...schema,
        ...(doc?.params ? { params: doc.params } : {}),
        ...(doc?.body ? { body: doc.body } : {}),
        ...(doc?.headers ? { headers: doc.headers } : {}),
        operationId: doc?.operationId,
        summary: doc?.summary,
        description: doc?.description,
        tags: doc ? [doc.tag] : undefined,
        security,
        ...(config?.scope ? { 'x-fivekeys-scope': config.scope } : {}),
        response,
      };
      return { schema: transformed as typeof schema, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

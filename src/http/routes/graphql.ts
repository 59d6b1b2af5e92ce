/**
 * `POST /api/graphql` (read scope; GET too): the catalog, the metrics and the evidence lists over
 * the same services as REST. Introspection stays on; a depth limit (data only) and a field-count
 * budget keep any single query cheap. `GET /api/graphql/schema.graphql` serves the SDL for codegen.
 */
import { buildSchema, GraphQLError, parse, printSchema, type ValidationContext } from 'graphql';
import type { FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import type { Service } from '../../model/catalog.ts';
import { LEAD_TIME_SPANS, type LeadTimeSpan } from '../../model/facts.ts';
import type { AppServices } from '../../service/app.ts';
import { toAppError } from '../../service/failures.ts';
import { AppError } from '../../errors.ts';
import { instantParam } from '../instant-param.ts';
import { requireScope } from '../auth.ts';
import { sendError } from '../error-handler.ts';
import type { GroupBy } from '../../service/report/grouped-metrics.ts';
import { SCHEMA } from '../graphql/schema.ts';
import { depthLimit } from '../graphql/depth-limit.ts';

const MAX_DEPTH = 8;

const SDL_ANSWER = {
  description: 'The GraphQL schema in the schema definition language',
  content: { 'text/plain': { schema: { type: 'string' } } },
};
/** Field selections per document (introspection's own query needs ~200). */
const MAX_FIELDS = 400;

interface WindowArgs {
  from?: string | null;
  to?: string | null;
  service?: string | null;
  application?: string | null;
  team?: string | null;
  environment?: string | null;
}
interface PageArgs extends WindowArgs {
  first: number;
  after?: string | null;
  sort?: string | null;
}

interface DeploymentArgs extends PageArgs {
  production?: boolean | null;
  status?: string | null;
  failed?: boolean | null;
  rework?: boolean | null;
  remediated?: boolean | null;
}

interface ChangeArgs extends PageArgs {
  stage?: string | null;
  min_seconds?: number | null;
  pull_request?: boolean | null;
}

interface IncidentArgs extends PageArgs {
  counted?: boolean | null;
  attributed?: boolean | null;
  restored?: boolean | null;
}

const present = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

function windowQuery(args: WindowArgs) {
  return {
    from: instantParam('from', args.from),
    to: instantParam('to', args.to),
    service: present(args.service),
    application: present(args.application),
    team: present(args.team),
    environment: present(args.environment),
  };
}

function pageQuery(args: PageArgs) {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > 1000) {
    throw new GraphQLError('first: must be from 1 to 1000');
  }
  return { ...windowQuery(args), limit: args.first, cursor: present(args.after), sort: present(args.sort) };
}

function deploymentQuery(args: DeploymentArgs) {
  if (args.status != null && args.status !== 'success' && args.status !== 'failure') {
    throw new GraphQLError('status: must be success or failure');
  }
  return {
    ...pageQuery(args),
    production: present(args.production),
    status: present(args.status as 'success' | 'failure' | null),
    failed: present(args.failed),
    rework: present(args.rework),
    remediated: present(args.remediated),
  };
}

function changeQuery(args: ChangeArgs) {
  const stage = present(args.stage);
  if (stage !== undefined && !Object.hasOwn(LEAD_TIME_SPANS, stage)) {
    throw new GraphQLError(`stage: must be one of ${Object.keys(LEAD_TIME_SPANS).join(', ')}`);
  }
  const minSeconds = present(args.min_seconds);
  if (minSeconds !== undefined && (stage === undefined || minSeconds < 0)) {
    throw new GraphQLError('min_seconds: needs a stage, and cannot be negative');
  }
  return {
    ...pageQuery(args),
    stage: stage as LeadTimeSpan | undefined,
    minSeconds,
    pullRequest: present(args.pull_request),
  };
}

const incidentQuery = (args: IncidentArgs) => ({
  ...pageQuery(args),
  counted: present(args.counted),
  attributed: present(args.attributed),
  restored: present(args.restored),
});

/** Rejects documents selecting more than MAX_FIELDS fields: a coarse but predictable cost bound. */
function fieldBudget(context: ValidationContext) {
  let fields = 0;
  return {
    Field() {
      fields += 1;
      if (fields === MAX_FIELDS + 1) {
        context.reportError(new GraphQLError(`The query selects more than ${MAX_FIELDS} fields; split it.`));
      }
    },
  };
}

type Formatter = typeof mercurius.defaultErrorFormatter;

/**
 * Errors keep GraphQL's shape with our code and field in `extensions`; an unreachable database
 * answers 503 with `Retry-After`, as REST does, so clients and load balancers back off alike.
 */
const formatErrors: Formatter = (execution, context) => {
  const errors = execution.errors.map((error) => {
    const original = error.originalError;
    // GraphQL's own and mercurius' errors (validation, depth: they carry a statusCode) stay as they are.
    if (original === undefined || original instanceof GraphQLError || 'statusCode' in original) return error;
    const known = toAppError(original);
    return new GraphQLError(
      known.status >= 500 && known.code === 'internal' ? 'Internal error' : known.message,
      {
        nodes: error.nodes,
        path: error.path,
        originalError: known,
        extensions: { code: known.code, ...(known.field ? { field: known.field } : {}) },
      },
    );
  });
  const formatted = mercurius.defaultErrorFormatter({ ...execution, errors }, context);
  const unavailable = errors.some(
    (error) => error.originalError instanceof AppError && error.originalError.code === 'database_unavailable',
  );
  if (!unavailable) return formatted;
  context.reply.header('retry-after', '5');
  return { statusCode: 503, response: formatted.response };
};

export async function graphqlRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  const catalog = async () => {
    const all = await services.catalog.listServices();
    return { all, byName: new Map(all.map((service) => [service.name, service])) };
  };
  const resolvers = {
    Query: {
      projects: async () => {
        const [{ byName }, projects] = await Promise.all([catalog(), services.catalog.listProjects()]);
        return projects.map((project) => ({
          ...project,
          services: project.services.map((name) => byName.get(name)).filter(Boolean),
        }));
      },
      applications: async () => resolvers.Query.projects(),
      services: async (_: unknown, args: { team?: string | null; application?: string | null }) =>
        (await catalog()).all.filter(
          (service) =>
            (args.team == null || service.team === args.team) &&
            (args.application == null || service.application === args.application),
        ),
      teams: async () => {
        const teams = new Map<string, Service[]>();
        for (const service of (await catalog()).all) {
          if (service.team) teams.set(service.team, [...(teams.get(service.team) ?? []), service]);
        }
        return [...teams].map(([name, members]) => ({ name, services: members }));
      },
      metrics: async (_: unknown, args: WindowArgs & { benchmark?: number | null }) => {
        const query = { ...windowQuery(args), benchmark: present(args.benchmark) };
        const answer = await services.report.metrics(query, Date.now());
        return { ...answer, warnings: answer.warnings ?? [] };
      },
      metricGroups: async (
        _: unknown,
        args: WindowArgs & { by: 'TEAM' | 'SERVICE' | 'APPLICATION'; benchmark?: number | null },
      ) => {
        const query = { ...windowQuery(args), benchmark: present(args.benchmark) };
        const by = args.by.toLowerCase() as GroupBy;
        const answer = await services.report.groupedMetrics(query, by, Date.now());
        return { ...answer, warnings: answer.warnings ?? [] };
      },
      deployments: (_: unknown, args: DeploymentArgs) =>
        services.evidence.deployments(deploymentQuery(args), Date.now()),
      changes: (_: unknown, args: ChangeArgs) => services.evidence.changes(changeQuery(args), Date.now()),
      incidents: (_: unknown, args: IncidentArgs) =>
        services.evidence.incidents(incidentQuery(args), Date.now()),
    },
  };

  // The schema as SDL, for codegen and clients that start from a file; an API read like the endpoint.
  const sdl = `${printSchema(buildSchema(SCHEMA))}\n`;
  app.get(
    '/api/graphql/schema.graphql',
    { config: { scope: 'read' }, schema: { response: { 200: SDL_ANSWER } } },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send(sdl),
  );

  await app.register(async (scope) => {
    // Answered here: mercurius' own error handler would wrap a refusal in a 200 GraphQL error.
    scope.addHook('onRequest', async (request, reply) => {
      try {
        await requireScope(request, services.auth, 'read');
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return sendError(reply, error);
      }
    });
    // graphql-js asserts GET `variables` is an object; mercurius passes any JSON on, so `5` or `""`
    // surfaced as an internal error (found by test/fuzz). Refused as a bad query instead.
    scope.addHook('preHandler', async (request, reply) => {
      const { variables } = (request.query ?? {}) as { variables?: unknown };
      if (request.method !== 'GET' || typeof variables !== 'string') return;
      if (!isObjectJson(variables)) {
        const message = 'variables: send a JSON object of variable values.';
        return sendError(reply, new AppError('invalid_query', message, { field: 'variables' }));
      }
    });
    await scope.register(mercurius, {
      schema: SCHEMA,
      resolvers,
      path: '/api/graphql',
      graphiql: false,
      validationRules: [depthLimit(MAX_DEPTH), fieldBudget],
      errorFormatter: formatErrors,
    });
    // mercurius reads a query that is not GraphQL as a JSON AST: `null` or `5` reached graphql-js,
    // whose assertion surfaced as an internal error (found by test/fuzz). Only GraphQL text is taken.
    scope.graphql.addHook('preParsing', async (_schema, source) => {
      if (typeof source === 'string') parse(source);
    });
  });
}

/** Unparsable JSON is left to mercurius, which answers it 400 itself. */
function isObjectJson(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value === null || (typeof value === 'object' && !Array.isArray(value));
  } catch {
    return true;
  }
}

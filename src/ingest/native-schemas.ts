/** JSON Schemas of the native ingest API (DESIGN.md §4). Unknown fields are refused so typos surface. */
import { Type } from '@sinclair/typebox';

const Text = (maxLength = 500) => Type.String({ minLength: 1, maxLength });
const Instant = Type.String({ format: 'date-time' });
const Sha = Type.String({ pattern: '^[0-9a-fA-F]{4,64}$' });
const strict = { additionalProperties: false } as const;
/** A page at the source; only http(s), since it becomes a link in the dashboard and exports. */
const WebUrl = (description: string) =>
  Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*$', maxLength: 2048, description });
const RepositoryUrl = WebUrl(
  "The repository's web page (https://github.example.com/shop/api): commit and pull request links start there.",
);
/** A plain `enum` keeps ajv's error readable ("must be one of: …") where a union of literals would not. */
const OneOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: values });

export const ChangeSchema = Type.Object(
  {
    repository: Text(),
    repository_url: Type.Optional(RepositoryUrl),
    sha: Sha,
    committed_at: Instant,
    parents: Type.Optional(Type.Array(Sha, { maxItems: 64 })),
    authored_at: Type.Optional(Instant),
    author: Type.Optional(Text()),
    message: Type.Optional(Type.String({ maxLength: 65536 })),
    service: Type.Optional(Text(200)),
    pull_request: Type.Optional(
      Type.Object(
        {
          number: Type.Integer({ minimum: 0 }),
          opened_at: Type.Optional(Instant),
          first_review_at: Type.Optional(Instant),
          approved_at: Type.Optional(Instant),
          merged_at: Type.Optional(Instant),
          merge_sha: Type.Optional(Sha),
        },
        strict,
      ),
    ),
  },
  strict,
);

export const DeploymentSchema = Type.Object(
  {
    id: Type.Optional(Text(200)),
    service: Text(200),
    environment: Text(200),
    status: OneOf(['success', 'failure'] as const),
    finished_at: Instant,
    started_at: Type.Optional(Instant),
    version: Type.Optional(Text(200)),
    repository: Type.Optional(Text()),
    repository_url: Type.Optional(RepositoryUrl),
    url: Type.Optional(WebUrl('The pipeline run, deployment or job log page at its source.')),
    commit: Type.Optional(Sha),
    commits: Type.Optional(Type.Array(Sha, { maxItems: 10000 })),
    kind: Type.Optional(OneOf(['standard', 'rollback', 'hotfix'] as const)),
    fixes_incidents: Type.Optional(Type.Array(Text(200), { maxItems: 100 })),
    production: Type.Optional(Type.Boolean()),
    team: Type.Optional(Text(200)),
    application: Type.Optional(Text(200)),
  },
  strict,
);

export const IncidentSchema = Type.Object(
  {
    id: Text(200),
    service: Type.Optional(Text(200)),
    environment: Type.Optional(Text(200)),
    severity: Type.Optional(Text(50)),
    title: Type.Optional(Type.String({ maxLength: 1000 })),
    url: Type.Optional(WebUrl("The incident's page at its source.")),
    started_at: Instant,
    resolved_at: Type.Optional(Type.Union([Instant, Type.Null()])),
    deployment: Type.Optional(Text(200)),
    version: Type.Optional(Text(200)),
    commit: Type.Optional(Sha),
  },
  strict,
);

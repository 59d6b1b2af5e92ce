/**
 * Valid native events (src/ingest/native-schemas.ts) as arbitraries, and the key each is stored
 * under (a change by sha, a deployment by id or by the content id native.ts derives, an incident by
 * id), so a suite can tell how many distinct rows a batch must leave behind.
 */
import fc from 'fast-check';

type Json = Record<string, unknown>;

/** Graphemes without NUL (PostgreSQL text cannot hold it), short enough for every maxLength. */
const label = (max = 20) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((s) => !s.includes('\u0000')),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
  );

const instant = fc
  .tuple(
    fc.date({ min: new Date('1971-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
    fc.constantFrom('Z', '+00:00', '+05:30', '-08:00', '+14:00', '-12:00'),
  )
  .map(([date, offset]) => {
    const sign = offset[0] === '-' ? -1 : 1;
    const minutes = offset === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
    return new Date(date.getTime() + minutes * 60_000).toISOString().replace('Z', offset);
  });

const hex = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${min},${max}}$`));
const sha = hex(40, 40);

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** Drops undefined fields, as JSON.stringify would. */
const compact = (value: Json): Json =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined));

export const validChange: fc.Arbitrary<Json> = fc
  .record({
    repository: fc.constantFrom('acme/web', 'https://github.com/acme/api.git', 'gitlab.example.com/a/b/c'),
    sha,
    committed_at: instant,
    parents: optional(fc.array(sha, { maxLength: 3 })),
    authored_at: optional(instant),
    author: optional(label()),
    message: optional(fc.string({ maxLength: 200 }).filter((s) => !s.includes('\u0000'))),
    service: optional(label()),
    pull_request: optional(
      fc
        .record({
          number: fc.nat({ max: 2 ** 31 - 1 }),
          opened_at: optional(instant),
          merged_at: optional(instant),
          merge_sha: optional(sha),
        })
        .map(compact),
    ),
  })
  .map(compact);

export const validDeployment: fc.Arbitrary<Json> = fc
  .record({
    id: optional(label(40)),
    service: label(),
    environment: fc.oneof(fc.constantFrom('production', 'prod-eu', 'staging'), label()),
    status: fc.constantFrom('success', 'failure'),
    finished_at: instant,
    started_at: optional(instant),
    version: optional(label()),
    repository: optional(fc.constantFrom('acme/web', 'https://gitlab.com/acme/api')),
    commit: optional(sha),
    commits: optional(fc.array(sha, { maxLength: 3 })),
    kind: optional(fc.constantFrom('standard', 'rollback', 'hotfix')),
    fixes_incidents: optional(fc.array(label(), { maxLength: 2 })),
    production: optional(fc.boolean()),
    team: optional(label()),
    application: optional(label()),
  })
  .map(compact);

export const validIncident: fc.Arbitrary<Json> = fc
  .record({
    id: label(40),
    service: optional(label()),
    environment: optional(fc.constantFrom('production', 'staging')),
    severity: optional(fc.constantFrom('sev1', 'critical', 'P3')),
    title: optional(fc.string({ maxLength: 100 }).filter((s) => !s.includes('\u0000'))),
    started_at: instant,
    resolved_at: optional(fc.oneof(instant, fc.constant(null))),
    deployment: optional(label()),
    version: optional(label()),
    commit: optional(sha),
  })
  .map(compact);

export type Kind = 'changes' | 'deployments' | 'incidents';

export const VALID: Record<Kind, fc.Arbitrary<Json>> = {
  changes: validChange,
  deployments: validDeployment,
  incidents: validIncident,
};

/** Makes an event's identity unique to one case, so earlier cases cannot make it a duplicate. */
export function tagged(kind: Kind, event: Json, tag: number): Json {
  const hexTag = tag.toString(16).padStart(8, '0');
  if (kind === 'changes') return { ...event, sha: `${hexTag}${String(event.sha).slice(8)}` };
  if (kind === 'incidents') return { ...event, id: `${hexTag}-${String(event.id)}` };
  const service = `${hexTag}-${String(event.service)}`;
  return event.id === undefined
    ? { ...event, service }
    : { ...event, service, id: `${hexTag}-${String(event.id)}` };
}

/** The key a stored row is found by, as native.ts and the store identify it. */
export function keyOf(kind: Kind, event: Json): string {
  if (kind === 'changes') return String(event.sha).toLowerCase();
  if (kind === 'incidents' || event.id !== undefined) return String(event.id);
  return [
    event.service,
    event.environment,
    event.status,
    new Date(String(event.finished_at)).toISOString(),
    event.version ?? '',
    typeof event.commit === 'string' ? event.commit.toLowerCase() : '',
  ].join('\n');
}

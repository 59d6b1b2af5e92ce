/**
 * The ingest bench's payload: a realistic native deployment event (what a CI job posts to
 * `POST /api/v1/deployments`), unique per request, and the same event as a row of a table shaped
 * like `deployments`, for the baselines that write it without fivekeys.
 */
export const BASELINE_TABLE = 'bench_baseline_deployments';

/** Same columns, defaults, constraints and indexes as the real table, so the write cost compares. */
export const CREATE_BASELINE_TABLE = `create table if not exists ${BASELINE_TABLE} (like deployments including all)`;

const sha = (n: number, salt: number) =>
  ((n * 2654435761 + salt) >>> 0).toString(16).padStart(8, '0').repeat(5);

export function deploymentEvent(run: string, i: number, now = Date.now()): Record<string, unknown> {
  const service = i % 200;
  const finished = now - 60_000 + (i % 1000);
  return {
    id: `${run}-${i}`,
    service: `svc-${service}`,
    environment: 'production',
    status: 'success',
    started_at: new Date(finished - 95_000).toISOString(),
    finished_at: new Date(finished).toISOString(),
    version: `1.${Math.floor(i / 200)}.${service}`,
    repository: `https://github.com/acme/svc-${service}`,
    commit: sha(i, 1),
    commits: [sha(i, 1), sha(i, 2)],
    team: `team-${service % 20}`,
    application: `app-${service % 50}`,
  };
}

const COLUMNS = [
  'source',
  'external_id',
  'service',
  'environment',
  'status',
  'started_at',
  'finished_at',
  'version',
  'repository',
  'head_commit',
  'commits',
  'is_production',
] as const;

export function baselineRow(body: unknown): unknown[] {
  const event = body as Record<string, unknown>;
  return [
    'bench',
    event.id,
    event.service,
    event.environment,
    event.status,
    event.started_at,
    event.finished_at,
    event.version,
    event.repository,
    event.commit,
    event.commits,
    event.environment === 'production',
  ];
}

/** One multi-row INSERT statement and its parameters. */
export function insertRowsSql(table: string, rows: unknown[][]): [string, unknown[]] {
  const params: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
  return [`insert into ${table} (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`, params];
}

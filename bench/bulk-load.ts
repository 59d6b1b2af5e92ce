/**
 * A bulk loader for the query bench: a deterministic two-year history written straight into the
 * tables (one `insert … select * from unnest($1::…[], …)` per table and batch, not the HTTP path),
 * with the derived columns the metric queries read set as attribution would set them:
 * - deployments.is_production (environment "production"), effective_kind (the sender's kind, else
 *   standard), remediated_at (the next successful production deployment of the stream is a
 *   rollback or hotfix: set by one window-function UPDATE after the load);
 * - deployment_changes for every successful deployment: the commits its service received since its
 *   last successful production deployment (staging sees them first), first_production on the
 *   production one;
 * - incidents.deployment_id on the production deployment they follow (attribution "time_window");
 * - services: the catalog rows that give teams and applications.
 * Proportions follow issue 9: per 1M deployments, about 3M changes and 50k incidents.
 */
import type { Db } from '../src/store/db.ts';
import { random } from './history.ts';

export interface LoadShape {
  deployments: number;
  services: number;
  teams: number;
  days: number;
  end: number;
}

export const teamOf = (service: number, teams: number) => `team-${service % teams}`;

type Columns = Record<string, unknown[]>;

const TYPES: Record<string, Record<string, string>> = {
  deployments: {
    id: 'bigint',
    source: 'text',
    external_id: 'text',
    service: 'text',
    environment: 'text',
    status: 'text',
    started_at: 'timestamptz',
    finished_at: 'timestamptz',
    version: 'text',
    repository: 'text',
    head_commit: 'text',
    kind: 'text',
    is_production: 'boolean',
    effective_kind: 'text',
  },
  changes: {
    sha: 'text',
    repository: 'text',
    committed_at: 'timestamptz',
    author: 'text',
    service: 'text',
    pr_number: 'int',
    pr_opened_at: 'timestamptz',
    pr_first_review_at: 'timestamptz',
    pr_approved_at: 'timestamptz',
    pr_merged_at: 'timestamptz',
  },
  deployment_changes: {
    deployment_id: 'bigint',
    sha: 'text',
    service: 'text',
    environment: 'text',
    finished_at: 'timestamptz',
    first_production: 'boolean',
    committed_at: 'timestamptz',
    pr_opened_at: 'timestamptz',
    pr_first_review_at: 'timestamptz',
    pr_approved_at: 'timestamptz',
    pr_merged_at: 'timestamptz',
  },
  incidents: {
    id: 'bigint',
    source: 'text',
    external_id: 'text',
    service: 'text',
    environment: 'text',
    severity: 'text',
    started_at: 'timestamptz',
    resolved_at: 'timestamptz',
    deployment_id: 'bigint',
    attribution_method: 'text',
  },
};

const empty = (table: string): Columns =>
  Object.fromEntries(Object.keys(TYPES[table]!).map((column) => [column, []]));

async function insert(db: Db, table: string, columns: Columns): Promise<void> {
  const names = Object.keys(TYPES[table]!);
  if (columns[names[0]!]!.length === 0) return;
  const casts = names.map((name, i) => `$${i + 1}::${TYPES[table]![name]}[]`).join(', ');
  await db.query(
    `insert into ${table} (${names.join(', ')}) select * from unnest(${casts})`,
    names.map((name) => columns[name]),
  );
}

/** A commit's time and, for 70% of them, its pull request's stages 10, 30, 40 and 60 minutes later. */
function changeTimes(committed: number, pr: boolean) {
  const at = (offset: number) => (pr ? new Date(committed + offset).toISOString() : null);
  return {
    committed_at: new Date(committed).toISOString(),
    pr_opened_at: at(600_000),
    pr_first_review_at: at(1_800_000),
    pr_approved_at: at(2_400_000),
    pr_merged_at: at(3_600_000),
  };
}

type ChangeTimes = ReturnType<typeof changeTimes>;

/** Both `changes` and `deployment_changes` hold these columns. */
function pushTimes(columns: Columns, times: ChangeTimes): void {
  for (const [column, value] of Object.entries(times)) columns[column]!.push(value);
}

export interface LoadCounts {
  deployments: number;
  changes: number;
  deploymentChanges: number;
  incidents: number;
  services: number;
  seconds: number;
}

export async function bulkLoad(db: Db, shape: LoadShape, batch = 5000): Promise<LoadCounts> {
  const started = performance.now();
  const next = random(9);
  const iso = (ms: number) => new Date(ms).toISOString();
  const counts = { deployments: 0, changes: 0, deploymentChanges: 0, incidents: 0, services: shape.services };
  await db.query(
    `insert into services (name, team, application, repositories)
     select 'svc-' || n, 'team-' || (n % $2), 'app-' || (n % 50), array['acme/svc-' || n]
       from generate_series(0, $1 - 1) n`,
    [shape.services, shape.teams],
  );
  const start = shape.end - shape.days * 86_400_000;
  const step = (shape.end - start) / shape.deployments;
  const pending = new Map<number, { sha: string; times: ChangeTimes }[]>();
  let d = empty('deployments');
  let c = empty('changes');
  let dc = empty('deployment_changes');
  let inc = empty('incidents');
  let commit = 0;
  const flush = async () => {
    await insert(db, 'deployments', d);
    await insert(db, 'changes', c);
    await insert(db, 'deployment_changes', dc);
    await insert(db, 'incidents', inc);
    [d, c, dc, inc] = [
      empty('deployments'),
      empty('changes'),
      empty('deployment_changes'),
      empty('incidents'),
    ];
  };
  for (let i = 0; i < shape.deployments; i++) {
    const id = i + 1;
    const finished = start + i * step + next() * step * 0.5;
    const service = Math.floor(next() * shape.services);
    const name = `svc-${service}`;
    const production = next() >= 0.15;
    const success = next() >= 0.05;
    const roll = next();
    const kind =
      success && production && roll < 0.03
        ? 'hotfix'
        : success && production && roll < 0.04
          ? 'rollback'
          : null;
    const queue = pending.get(service) ?? [];
    // 1–5 new commits per deployment (3 on average), made 2 to 72 hours before it.
    for (let k = 1 + Math.floor(next() * 5); k > 0; k--) {
      const sha = (commit++).toString(16).padStart(40, '0');
      const committed = finished - (2 + next() * 70) * 3_600_000;
      const pr = next() < 0.7;
      c.sha!.push(sha);
      c.repository!.push(`acme/svc-${service}`);
      const times = changeTimes(committed, pr);
      pushTimes(c, times);
      c.author!.push(`dev-${Math.floor(next() * 500)}`);
      c.service!.push(name);
      c.pr_number!.push(pr ? commit : null);
      queue.push({ sha, times });
      counts.changes++;
    }
    pending.set(service, queue);
    const head = queue[queue.length - 1]!.sha;
    d.id!.push(id);
    d.source!.push('bench');
    d.external_id!.push(`d${i}`);
    d.service!.push(name);
    d.environment!.push(production ? 'production' : 'staging');
    d.status!.push(success ? 'success' : 'failure');
    d.started_at!.push(iso(finished - 300_000));
    d.finished_at!.push(iso(finished));
    d.version!.push(`v${i}`);
    d.repository!.push(`acme/svc-${service}`);
    d.head_commit!.push(head);
    d.kind!.push(kind);
    d.is_production!.push(production);
    d.effective_kind!.push(kind ?? 'standard');
    counts.deployments++;
    if (success) {
      for (const change of queue) {
        dc.deployment_id!.push(id);
        dc.sha!.push(change.sha);
        dc.service!.push(name);
        dc.environment!.push(production ? 'production' : 'staging');
        dc.finished_at!.push(iso(finished));
        dc.first_production!.push(production);
        // The commit's times, as src/store/streams.ts copies them (migration 0008).
        pushTimes(dc, change.times);
        counts.deploymentChanges++;
      }
      if (production) pending.set(service, []);
    }
    if (success && production && next() < 0.062) {
      const incidentStart = finished + next() * 7_200_000;
      const open = incidentStart > shape.end - 86_400_000 && next() < 0.3;
      inc.id!.push(counts.incidents + 1);
      inc.source!.push('bench');
      inc.external_id!.push(`i${i}`);
      inc.service!.push(name);
      inc.environment!.push('production');
      inc.severity!.push(`sev${1 + Math.floor(next() * 3)}`);
      inc.started_at!.push(iso(incidentStart));
      inc.resolved_at!.push(open ? null : iso(incidentStart + (0.2 + next() * 5) * 3_600_000));
      inc.deployment_id!.push(id);
      inc.attribution_method!.push('time_window');
      counts.incidents++;
    }
    if (d.id!.length >= batch) await flush();
  }
  await flush();
  // A successful production deployment is remediated by the next one of its stream when that one
  // is a rollback or hotfix (DESIGN.md §3.3), as src/store/streams.ts maintains on write.
  await db.query(
    `update deployments d set remediated_at = n.next_finished
       from (select id, lead(effective_kind) over w as next_kind, lead(finished_at) over w as next_finished
               from deployments where is_production and status = 'success'
             window w as (partition by service, environment order by finished_at, id)) n
      where n.id = d.id and n.next_kind in ('rollback', 'hotfix')`,
  );
  await db.query(`select setval('deployments_id_seq', $1)`, [counts.deployments + 1]);
  await db.query(`select setval('incidents_id_seq', $1)`, [counts.incidents + 1]);
  // As autovacuum would after a load: statistics, and the visibility map index-only scans need.
  await db.exec('vacuum analyze');
  return { ...counts, seconds: (performance.now() - started) / 1000 };
}

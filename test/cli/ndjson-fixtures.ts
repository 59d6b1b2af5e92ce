/**
 * Events beyond the arrival-order scenario that use every field of the native API (pull requests,
 * microsecond instants, content ids, team and application, explicit kinds, incident updates and
 * causes) and ties: pay-3 and pay-2 (ledger-1 and ledger-2) finish at the same instant, and the
 * rollback after them remediates whichever was stored second. And the stored rows of a database, for comparing two of them.
 */
import type { Db } from '../../src/store/db.ts';
import type { ScenarioEvent } from '../helpers/scenario.ts';

const deploy = (body: Record<string, unknown>): ScenarioEvent => ({
  path: '/api/v1/deployments',
  body: { service: 'pay', environment: 'production', status: 'success', ...body },
});

export const EXTRA_EVENTS: readonly ScenarioEvent[] = [
  {
    path: '/api/v1/changes',
    body: {
      repository: 'acme/pay',
      sha: 'AAAA0001',
      parents: [],
      committed_at: '2026-03-05T08:00:00.123456Z',
      authored_at: '2026-03-05T07:00:00+02:00',
      author: 'Ada',
      message: 'Fix | pipes\nand newlines',
      service: 'pay',
      pull_request: {
        number: 12,
        opened_at: '2026-03-05T08:10:00Z',
        first_review_at: '2026-03-05T08:20:00Z',
        approved_at: '2026-03-05T08:30:00Z',
        merged_at: '2026-03-05T08:40:00Z',
        merge_sha: 'AAAA0002',
      },
    },
  },
  {
    path: '/api/v1/changes',
    body: {
      repository: 'acme/pay',
      sha: 'aaaa0002',
      parents: ['aaaa0001'],
      committed_at: '2026-03-05T09:00:00Z',
    },
  },
  deploy({
    id: 'pay-1',
    started_at: '2026-03-05T09:50:00Z',
    finished_at: '2026-03-05T10:00:00.5Z',
    version: 'p1',
    repository: 'acme/pay',
    commit: 'aaaa0002',
    commits: ['aaaa0001', 'aaaa0002'],
    kind: 'standard',
    team: 'payments',
    application: 'checkout',
  }),
  deploy({ environment: 'qa', production: false, finished_at: '2026-03-05T11:00:00Z', version: 'p1' }),
  deploy({ id: 'pay-3', finished_at: '2026-03-06T10:00:00Z', version: 'p3' }),
  deploy({ id: 'pay-2', finished_at: '2026-03-06T10:00:00Z', version: 'p2' }),
  deploy({ id: 'pay-4', finished_at: '2026-03-06T11:00:00Z', version: 'p3' }),
  // The same tie with ids in the other order: a batch that orders rows by id reverses one of them.
  deploy({ id: 'ledger-1', service: 'ledger', finished_at: '2026-03-07T10:00:00Z', version: 'l1' }),
  deploy({ id: 'ledger-2', service: 'ledger', finished_at: '2026-03-07T10:00:00Z', version: 'l2' }),
  deploy({ id: 'ledger-3', service: 'ledger', finished_at: '2026-03-07T11:00:00Z', version: 'l1' }),
  {
    path: '/api/v1/incidents',
    body: {
      id: 'INC-9',
      service: 'pay',
      environment: 'production',
      severity: 'critical',
      title: 'Checkout down',
      started_at: '2026-03-06T10:30:00Z',
      version: 'p2',
    },
  },
  {
    path: '/api/v1/incidents',
    body: { id: 'INC-9', started_at: '2026-03-06T10:30:00Z', resolved_at: '2026-03-06T12:00:00Z' },
  },
  {
    path: '/api/v1/incidents',
    body: {
      id: 'INC-10',
      service: 'pay',
      started_at: '2026-03-05T11:00:00Z',
      resolved_at: '2026-03-05T11:45:00Z',
      commit: 'AAAA0002',
    },
  },
  {
    path: '/api/v1/incidents',
    body: { id: 'INC-11', service: 'shop', severity: 'low', started_at: '2026-03-07T00:00:00Z' },
  },
];

const at = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as ${column.split('.').at(-1)}`;

// Rows of arbitrary shape, compared whole.
type Rows = Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Everything stored and derived. Deployments in stream order, ties in storage order: the only order
 * that matters (docs/metrics.md, "Ties"); ids across streams may differ after a batched import.
 */
export async function snapshot(db: Db) {
  const changes = await db.query(
    `select sha, repository, parents, ${at('committed_at')}, ${at('authored_at')}, author, message, service, pr_number,
            ${at('pr_opened_at')}, ${at('pr_first_review_at')}, ${at('pr_approved_at')}, ${at('pr_merged_at')},
            pr_merge_sha
       from changes order by sha`,
  );
  const deployments: Rows = await db.query(
    `select external_id, source, service, environment, status, ${at('started_at')}, ${at('finished_at')}, version,
            repository, head_commit, commits, kind, effective_kind, is_production, ${at('remediated_at')},
            fixes_incidents, production_hint,
            array(select dc.sha || ' ' || dc.first_production from deployment_changes dc
                   where dc.deployment_id = d.id order by dc.sha) as contents
       from deployments d order by service, environment, finished_at, id`,
  );
  const incidents = await db.query(
    `select i.external_id, i.source, i.service, i.environment, i.severity, i.title, ${at('i.started_at')},
            ${at('i.resolved_at')}, i.cause_deployment, i.cause_version, i.cause_commit,
            d.external_id as deployment, i.attribution_method
       from incidents i left join deployments d on d.id = i.deployment_id order by i.external_id`,
  );
  const services = await db.query('select name, team, application from services order by name');
  return { changes, deployments, incidents, services };
}

/**
 * One service, delivered only through GitHub webhooks (signed, over a listening server): branch and
 * main pushes, a reviewed and merged pull request, deployment statuses and an incident issue opened
 * then closed. The five metrics must be the ones computed by hand below.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const SECRET = 'story-secret';
const REPOSITORY = {
  id: 1,
  name: 'shop',
  full_name: 'acme/shop',
  html_url: 'https://github.com/acme/shop',
  owner: { login: 'acme' },
};
const sha = (char: string) => char.repeat(40);
const [A1, A2, M1, C1, C2, BASE] = ['a', 'b', 'c', 'd', 'e', 'f'].map(sha) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const ZERO = sha('0');
const commit = (id: string, timestamp: string) => ({
  id,
  timestamp,
  message: `commit ${id.slice(0, 7)}`,
  author: { name: 'Alice', email: 'alice@acme.example', username: 'alice' },
  distinct: true,
});
const push = (ref: string, before: string, commits: ReturnType<typeof commit>[]) => ({
  ref,
  before,
  after: commits.at(-1)?.id,
  created: before === ZERO,
  deleted: false,
  forced: false,
  commits,
  head_commit: commits.at(-1),
  repository: REPOSITORY,
});
const pullRequest = {
  number: 7,
  created_at: '2026-03-02T10:30:00Z',
  head: { sha: A2, ref: 'feature/cart' },
  base: { ref: 'main' },
  user: { login: 'alice' },
};
const deploymentStatus = (id: number, commitSha: string, createdAt: string, finishedAt: string) => ({
  action: 'created',
  deployment_status: {
    id: id * 10,
    state: 'success',
    created_at: finishedAt,
    environment: 'production',
    log_url: `https://github.com/acme/shop/actions/runs/${id}/job/${id * 10}`,
    environment_url: 'https://shop.acme.example',
  },
  deployment: {
    id,
    sha: commitSha,
    ref: 'main',
    task: 'deploy',
    environment: 'production',
    created_at: createdAt,
  },
  repository: REPOSITORY,
});
const incident = (action: string, closedAt: string | null) => ({
  action,
  issue: {
    number: 9,
    html_url: 'https://github.com/acme/shop/issues/9',
    title: 'Checkout returns 500',
    state: closedAt ? 'closed' : 'open',
    created_at: '2026-03-04T11:00:00Z',
    closed_at: closedAt,
    labels: [{ name: 'incident' }, { name: 'sev2' }],
  },
  repository: REPOSITORY,
});

/** In the order GitHub would deliver them. */
const DELIVERIES: [string, object][] = [
  [
    'push',
    push('refs/heads/feature/cart', ZERO, [
      commit(A1, '2026-03-02T09:00:00Z'),
      commit(A2, '2026-03-02T10:00:00Z'),
    ]),
  ],
  [
    'pull_request',
    {
      action: 'opened',
      number: 7,
      pull_request: { ...pullRequest, state: 'open', merged: false },
      repository: REPOSITORY,
    },
  ],
  [
    'pull_request_review',
    {
      action: 'submitted',
      review: {
        id: 1,
        state: 'approved',
        submitted_at: '2026-03-02T11:30:00Z',
        commit_id: A2,
        user: { login: 'bob' },
      },
      pull_request: pullRequest,
      repository: REPOSITORY,
    },
  ],
  [
    'pull_request',
    {
      action: 'closed',
      number: 7,
      pull_request: {
        ...pullRequest,
        state: 'closed',
        merged: true,
        merged_at: '2026-03-02T12:00:00Z',
        closed_at: '2026-03-02T12:00:00Z',
        merge_commit_sha: M1,
      },
      repository: REPOSITORY,
    },
  ],
  [
    'push',
    push('refs/heads/main', BASE, [
      commit(A1, '2026-03-02T09:00:00Z'),
      commit(A2, '2026-03-02T10:00:00Z'),
      commit(M1, '2026-03-02T12:00:00Z'),
    ]),
  ],
  [
    'deployment',
    {
      action: 'created',
      deployment: { id: 101, sha: M1, environment: 'production', created_at: '2026-03-02T12:30:00Z' },
      repository: REPOSITORY,
    },
  ],
  ['deployment_status', deploymentStatus(101, M1, '2026-03-02T12:30:00Z', '2026-03-02T13:00:00Z')],
  ['push', push('refs/heads/main', M1, [commit(C1, '2026-03-04T09:00:00Z')])],
  ['deployment_status', deploymentStatus(102, C1, '2026-03-04T09:30:00Z', '2026-03-04T10:00:00Z')],
  ['issues', incident('opened', null)],
  ['issues', incident('closed', '2026-03-04T13:00:00Z')],
  ['push', push('refs/heads/main', C1, [commit(C2, '2026-03-05T12:00:00Z')])],
  ['deployment_status', deploymentStatus(103, C2, '2026-03-05T12:10:00Z', '2026-03-05T12:30:00Z')],
];

/*
 * By hand, for the week [2026-03-02, 2026-03-09), all in production:
 * - deployments 101 (03-02 13:00), 102 (03-04 10:00), 103 (03-05 12:30): 3 on 3 days.
 * - contents: 101 is the first, with everything reachable from M1: A1, A2, M1 (BASE is unknown);
 *   102 {C1}; 103 {C2}. Lead times: A1 09:00→13:00 4h, A2 3h, M1 1h, C1 1h, C2 30 min.
 *   Sorted 1800 3600 3600 10800 14400 → median 3600, mean 6840, p75 10800,
 *   p90 10800 + 0.6 × 3600 = 12960.
 * - issue #9 opens at 11:00 on 03-04, an hour after 102, inside the attribution window → 102 failed:
 *   change failure rate 1/3. Restored at 13:00 → time to restore 2h.
 * - recovery of 102: from 10:00 to the earlier of the incident's resolution (13:00) and the next
 *   deployment (03-05 12:30) → 3h.
 * - no rollback or hotfix: rework 0 of 3.
 */
const EXPECTED = {
  deployment_frequency: { count: 3, deploy_days: 3, per_week: 3 },
  lead_time: { n: 5, median_seconds: 3600, mean_seconds: 6840, p75_seconds: 10800, p90_seconds: 12960 },
  change_failure_rate: { total: 3, failed: 1 },
  time_to_restore: { n: 1, median_seconds: 7200 },
  failed_deployment_recovery_time: { n: 1, median_seconds: 10800 },
  rework_rate: { total: 3, rework: 0, rate: 0 },
};

for (const backend of backends()) {
  describe(`a service seen only through GitHub webhooks (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db, { webhooks: { github: { secrets: [SECRET] } } });
      for (const [event, payload] of DELIVERIES) {
        const body = JSON.stringify(payload);
        const response = await server.request('POST', '/api/v1/webhooks/github', {
          headers: {
            'content-type': 'application/json',
            'x-github-event': event,
            'x-github-delivery': randomUUID(),
            'x-hub-signature-256': await sign(SECRET, body),
          },
          body,
        });
        assert.ok(response.status < 300, `${event}: ${JSON.stringify(response.body)}`);
      }
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('the five metrics are the hand-computed ones', async () => {
      const { body } = await server.get('/api/v1/metrics?from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z');
      for (const [metric, expected] of Object.entries(EXPECTED)) {
        for (const [field, value] of Object.entries(expected)) {
          assert.deepEqual(body[metric][field], value, `${metric}.${field}: ${JSON.stringify(body[metric])}`);
        }
      }
      assert.equal(body.change_failure_rate.rate, 1 / 3);
    });

    test('the pull request reached its commits: opened, first review, approval, merge', async () => {
      const rows = await testDb.db.query(
        `select sha, service, pr_number, pr_opened_at, pr_first_review_at, pr_approved_at, pr_merged_at
           from changes where pr_number is not null order by sha`,
      );
      assert.deepEqual(
        rows.map((row) =>
          Object.values(row).map((value) => (value instanceof Date ? value.toISOString() : value)),
        ),
        [
          [
            A2,
            'shop',
            7,
            '2026-03-02T10:30:00.000Z',
            '2026-03-02T11:30:00.000Z',
            '2026-03-02T11:30:00.000Z',
            '2026-03-02T12:00:00.000Z',
          ],
          [M1, 'shop', 7, '2026-03-02T10:30:00.000Z', null, null, '2026-03-02T12:00:00.000Z'],
        ],
      );
    });

    test('the incident is attributed to the deployment before it and carries its severity', async () => {
      const rows = await testDb.db.query(
        `select i.external_id, i.service, i.severity, d.external_id as deployment, i.attribution_method
           from incidents i left join deployments d on d.id = i.deployment_id`,
      );
      assert.deepEqual(rows, [
        {
          external_id: 'acme/shop#9',
          service: 'shop',
          severity: 'sev2',
          deployment: 'acme/shop/deployments/102',
          attribution_method: 'time_window',
        },
      ]);
    });

    test('evidence rows link the commits and the pull request on github.com, the job log and the issue', async () => {
      const window = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';
      const deployments = (await server.get(`/api/v1/deployments?${window}&sort=finished_at`)).body.items;
      assert.equal(deployments[0].links.commit, `https://github.com/acme/shop/commit/${M1}`);
      // log_url, not the app's environment_url.
      assert.equal(deployments[0].links.pipeline, 'https://github.com/acme/shop/actions/runs/101/job/1010');
      const incidents = (await server.get(`/api/v1/incidents?${window}`)).body.items;
      assert.deepEqual(
        incidents.map((incident: { links: unknown }) => incident.links),
        [{ incident: 'https://github.com/acme/shop/issues/9' }],
      );
      const changes = (await server.get(`/api/v1/changes?${window}&pull_request=true`)).body.items;
      assert.ok(changes.length > 0);
      for (const change of changes) {
        assert.equal(change.links.commit, `https://github.com/acme/shop/commit/${change.sha}`);
        assert.equal(change.links.pull_request, 'https://github.com/acme/shop/pull/7');
      }
    });
  });
}

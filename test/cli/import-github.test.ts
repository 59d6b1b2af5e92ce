/**
 * `fivekeys import github` with the real binary against recorded GitHub REST answers
 * (test/fixtures/github-api): two pages of merged pull requests and of deployments, a rate-limited
 * request that must be waited out, and a server error that interrupts the first run. The resumed
 * run completes the history; the metrics are then the hand-computed ones below. A run without
 * `--since` asks only for newer items; one with `--since` re-sends everything as duplicates.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sign } from '@octokit/webhooks-methods';
import type { Db } from '../../src/store/db.ts';
import { backends } from '../helpers/backends.ts';
import {
  startRecordedApi,
  type LoggedRequest,
  type RecordedApi,
  type RecordedRoute,
} from '../helpers/recorded-api.ts';
import { startServer } from '../helpers/server.ts';
import { cliBackends, createCliDatabase, runCli, type CliDatabase } from './cli-database.ts';

const FIXTURES = new URL('../fixtures/github-api/', import.meta.url);
const REPO = '/repos/acme/shop';
const SHA = {
  m0: 'dd43186d84cb2a94322d06bb4aa6a95514dde3d7',
  c1: '2f22765d04931a078909145ca628d2264c852d7d',
  c2: '6b1f53303a732ccc8c6aae6640399827c15250e3',
  m1: 'ae23b94ccaf714337e4ce5ba99ef3dc257e300df',
  d1: 'ee17560c8b77385b5bb8d8687820f9b82f3fdcdf',
  s2: '4205714cdfe14ed9e3d030ddf7887781b964f510',
};

const nextPage = (path: string, query: string) => ({
  link: `<{base}${path}?${query}&page=2>; rel="next", <{base}${path}?${query}&page=2>; rel="last"`,
});
const RATE_LIMITED = {
  status: 403,
  file: 'rate-limited.json',
  headers: {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-used': '5000',
    'x-ratelimit-resource': 'core',
    'x-ratelimit-reset': () => String(Math.floor(Date.now() / 1000) + 1),
  },
};

const ROUTES: RecordedRoute[] = [
  { path: REPO, reply: { file: 'repository.json' } },
  { path: '/repos/acme/locked', reply: { status: 401, file: 'unauthorized.json' } },
  {
    path: `${REPO}/pulls`,
    reply: {
      file: 'pulls-page-1.json',
      headers: nextPage(`${REPO}/pulls`, 'state=closed&sort=updated&direction=desc&per_page=100'),
    },
  },
  { path: `${REPO}/pulls`, query: { page: '2' }, reply: { file: 'pulls-page-2.json' } },
  { path: `${REPO}/pulls/11/reviews`, reply: { file: 'pull-11-reviews.json' } },
  { path: `${REPO}/pulls/12/reviews`, reply: { file: 'pull-12-reviews.json' } },
  { path: `${REPO}/commits/${SHA.m1}`, reply: { file: 'commit-m1.json' } },
  { path: `${REPO}/commits/${SHA.s2}`, reply: { file: 'commit-s2.json' } },
  { path: `${REPO}/compare/${SHA.m0}...${SHA.m1}`, reply: { file: 'compare-m0-m1.json' } },
  { path: `${REPO}/compare/${SHA.m1}...${SHA.s2}`, reply: { file: 'compare-m1-s2.json' } },
  {
    path: `${REPO}/deployments`,
    reply: { file: 'deployments-page-1.json', headers: nextPage(`${REPO}/deployments`, 'per_page=100') },
  },
  { path: `${REPO}/deployments`, query: { page: '2' }, reply: { file: 'deployments-page-2.json' } },
  {
    path: `${REPO}/deployments/101/statuses`,
    reply: [RATE_LIMITED, { file: 'deployment-101-statuses.json' }],
  },
  { path: `${REPO}/deployments/102/statuses`, reply: { file: 'deployment-102-statuses.json' } },
  {
    path: `${REPO}/deployments/103/statuses`,
    reply: [{ status: 502, body: { message: 'Server Error' } }, { file: 'deployment-103-statuses.json' }],
  },
  { path: `${REPO}/deployments/104/statuses`, reply: { file: 'deployment-104-statuses.json' } },
  { path: `${REPO}/releases`, reply: { file: 'releases.json' } },
  { path: `${REPO}/issues`, query: { labels: 'incident' }, reply: { file: 'issues-incident.json' } },
];

const importArgs = (api: RecordedApi, ...more: string[]) => [
  'import',
  'github',
  '--repo',
  'acme/shop',
  '--api-url',
  api.url,
  '--token',
  'ghp_recorded',
  '--json',
  ...more,
];

/** Paths asked for, besides the repository itself, with the page number after the first. */
const asked = (requests: readonly LoggedRequest[]) =>
  requests
    .filter((request) => request.path !== REPO)
    .map(
      (request) =>
        request.path.replace(REPO, '') +
        (request.query.page && request.query.page !== '1' ? `?page=${request.query.page}` : ''),
    );

const count = async (db: Db, table: string) =>
  (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]?.n;

async function metrics(db: Db) {
  const server = await startServer(db);
  try {
    const response = await server.get('/api/v1/metrics?from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body;
  } finally {
    await server.close();
  }
}

const DEPLOYMENT_COLUMNS = `source, external_id, service, environment, status, started_at, finished_at, version,
  repository, head_commit, commits, kind, production_hint, is_production, effective_kind, remediated_at`;

/** The rows pull request #11 and deployment 101 leave behind. */
async function rowsOfPullRequest11(db: Db) {
  return {
    changes: await db.query(
      `select sha, repository, parents, committed_at, authored_at, author, message, service, pr_number,
              pr_opened_at, pr_first_review_at, pr_approved_at, pr_merged_at, pr_merge_sha
         from changes where sha = any($1::text[]) order by sha`,
      [[SHA.c1, SHA.c2, SHA.m1]],
    ),
    deployment: await db.query(
      `select ${DEPLOYMENT_COLUMNS} from deployments where external_id = 'acme/shop/deployments/101'`,
    ),
    contains: await db.query(
      `select dc.sha, dc.first_production from deployment_changes dc join deployments d on d.id = dc.deployment_id
        where d.external_id = 'acme/shop/deployments/101' order by dc.sha`,
    ),
  };
}

for (const backend of cliBackends()) {
  describe(`fivekeys import github (${backend})`, () => {
    let api: RecordedApi;
    let database: CliDatabase;

    before(async () => {
      api = await startRecordedApi(FIXTURES, ROUTES);
      database = await createCliDatabase(backend);
    });
    after(async () => {
      await database.drop();
      await api.close();
    });

    test('a first run waits out the rate limit, follows pages, and stops at a server error', async () => {
      const result = await runCli(database.env, importArgs(api));
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /GitHub rate limit \(403\): waiting [12] s/);
      assert.match(result.stderr, /GitHub API error 502: Server Error/);
      const limited = api.requests.filter((request) => request.path === `${REPO}/deployments/101/statuses`);
      assert.deepEqual(
        limited.map((request) => request.status),
        [403, 200],
      );
      assert.ok(limited[1]!.at - limited[0]!.at >= 900, 'retried only after the reset');
      assert.ok(
        api.requests.every((request) => request.headers.authorization === 'token ghp_recorded'),
        'every request carries the token',
      );
      assert.deepEqual(asked(api.requests), [
        '/pulls',
        '/pulls?page=2',
        '/pulls/11/reviews',
        `/commits/${SHA.m1}`,
        `/compare/${SHA.m0}...${SHA.m1}`,
        '/pulls/12/reviews',
        `/commits/${SHA.s2}`,
        `/compare/${SHA.m1}...${SHA.s2}`,
        '/deployments',
        '/deployments?page=2',
        '/deployments/101/statuses',
        '/deployments/101/statuses',
        '/deployments/104/statuses',
        '/deployments/102/statuses',
        '/deployments/103/statuses',
      ]);
      await database.withDb(async (db) => {
        assert.equal(await count(db, 'deployments'), 3);
        const cursors = await db.query<{ resource: string; position: Date }>(
          `select resource, position from import_cursors where source = 'github' and scope = 'acme/shop' order by resource`,
        );
        assert.deepEqual(
          cursors.map(({ resource, position }) => [resource, position.toISOString()]),
          [
            ['deployments', '2026-03-03T15:40:00.000Z'],
            ['pulls', '2026-03-03T15:01:00.000Z'],
          ],
        );
      });
    });

    test('the next run resumes at the interrupted deployment and completes the history', async () => {
      api.clearLog();
      const result = await runCli(database.env, importArgs(api));
      assert.equal(result.status, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      assert.equal(summary.repository, 'acme/shop');
      assert.deepEqual(
        [summary.pulls.items, summary.deployments.items, summary.releases.items, summary.issues.items],
        [0, 1, 1, 1],
      );
      assert.deepEqual(
        [summary.deployments.stored, summary.releases.stored, summary.issues.stored],
        [1, 1, 2],
      );
      assert.equal(summary.deployments.since, '2026-03-03T15:40:00.000Z');
      // The deployment list is read a day back from the cursor; only the unfinished one is fetched.
      assert.deepEqual(asked(api.requests), [
        '/pulls',
        '/deployments',
        '/deployments?page=2',
        '/deployments/103/statuses',
        '/releases',
        '/issues',
      ]);
    });

    test('the imported history gives the hand-computed rows and metrics', async () => {
      await database.withDb(async (db) => {
        // Deliveries: pull request 11 (3 submitted reviews, closed, push), 12 (1 review, closed,
        // push), 4 final deployment statuses, 1 release, the incident opened then closed.
        const raw = await db.query<{ n: number; source: string }>(
          `select source, count(*)::int as n from raw_requests group by source`,
        );
        assert.deepEqual(raw, [{ source: 'github', n: 15 }]);
        assert.equal(await count(db, 'changes'), 5);
        assert.equal(await count(db, 'deployments'), 4);
        assert.equal(await count(db, 'incidents'), 1);
        const [c2] = await db.query<Record<string, Date | number>>(
          `select pr_number, pr_opened_at, pr_first_review_at, pr_approved_at, pr_merged_at from changes where sha = $1`,
          [SHA.c2],
        );
        // The author's own review is not a first review; bob's comment is; carol approved.
        assert.deepEqual(
          Object.values(c2!).map((value) => (value instanceof Date ? value.toISOString() : value)),
          [
            11,
            '2026-03-02T09:00:00.000Z',
            '2026-03-02T11:00:00.000Z',
            '2026-03-02T12:00:00.000Z',
            '2026-03-02T13:00:00.000Z',
          ],
        );
        const body = await metrics(db);
        // Production successes: 101 (14:00 on the 2nd) and 103 (16:30 on the 3rd); 102 failed, 104 is staging.
        assert.equal(body.deployment_frequency.count, 2);
        // Lead times to the first production deployment containing each commit: c1 08:00 → 14:00
        // = 21600, c2 10:00 → 14:00 = 14400, merge m1 13:00 → 14:00 = 3600 (deployment 101); the
        // squash commit s2 15:00 → 16:30 = 5400 (deployment 103). The squashed d1 never shipped.
        assert.equal(body.lead_time.n, 4);
        assert.equal(body.lead_time.median_seconds, 9900);
        assert.equal(body.lead_time.p75_seconds, 16200);
        assert.equal(body.lead_time.p90_seconds, 19440);
        assert.equal(body.lead_time.mean_seconds, 11250);
        // Incident #20 (18:00–20:00 on the 3rd) is attributed to 103, the latest success before it.
        assert.deepEqual(
          [body.change_failure_rate.total, body.change_failure_rate.failed, body.change_failure_rate.rate],
          [2, 1, 0.5],
        );
        assert.equal(body.change_failure_rate.failed_attempts, 1);
        assert.equal(body.time_to_restore.n, 1);
        assert.equal(body.time_to_restore.median_seconds, 7200);
        // 103 finished 16:30, its incident was resolved 20:00.
        assert.equal(body.failed_deployment_recovery_time.median_seconds, 12600);
      });
    });

    test('a run without --since asks only for what changed after the cursors', async () => {
      api.clearLog();
      const result = await runCli(database.env, importArgs(api));
      assert.equal(result.status, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      for (const resource of ['pulls', 'deployments', 'releases', 'issues']) {
        assert.deepEqual(
          [summary[resource].items, summary[resource].stored, summary[resource].duplicates],
          [0, 0, 0],
          resource,
        );
      }
      // Lists only: no reviews, commits or statuses; the pull requests' second page is never read.
      assert.deepEqual(asked(api.requests), [
        '/pulls',
        '/deployments',
        '/deployments?page=2',
        '/releases',
        '/issues',
      ]);
      const issues = api.requests.find((request) => request.path === `${REPO}/issues`);
      assert.equal(issues?.query.since, '2026-03-03T20:00:00.000Z');
      assert.equal(issues?.query.labels, 'incident');
    });

    test('a run with an earlier --since re-sends every delivery, each a duplicate', async () => {
      const before = await database.withDb((db) => count(db, 'raw_requests'));
      const result = await runCli(database.env, importArgs(api, '--since', '2026-03-01T00:00:00Z'));
      assert.equal(result.status, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      assert.deepEqual(
        ['pulls', 'deployments', 'releases', 'issues'].map((resource) => [
          summary[resource].stored,
          summary[resource].duplicates,
        ]),
        [
          [0, 8],
          [0, 4],
          [0, 1],
          [0, 2],
        ],
      );
      await database.withDb(async (db) => {
        assert.equal(await count(db, 'raw_requests'), before);
        assert.equal(await count(db, 'changes'), 5);
        assert.equal(await count(db, 'deployments'), 4);
      });
    });

    test('pull request 11 and deployment 101 leave the same rows as their webhook deliveries', async () => {
      const imported = await database.withDb(rowsOfPullRequest11);
      assert.equal(imported.changes.length, 3);
      // The push's `before` (m0, the base branch before the merge) is a recorded parent too.
      assert.deepEqual(
        imported.contains.map((row) => row.sha),
        [SHA.c1, SHA.m0, SHA.m1, SHA.c2].sort(),
      );
      const testBackend = backends().find((candidate) => candidate.name === backend)!;
      const testDb = await testBackend.create();
      const secret = 'import-equivalence';
      const server = await startServer(testDb.db, { webhooks: { github: { secrets: [secret] } } });
      try {
        const { deliveries } = JSON.parse(readFileSync(new URL('webhooks-pr-11.json', FIXTURES), 'utf8')) as {
          deliveries: { event: string; body: unknown }[];
        };
        for (const [index, delivery] of deliveries.entries()) {
          const body = JSON.stringify(delivery.body);
          const response = await server.request('POST', '/api/v1/webhooks/github', {
            body,
            headers: {
              'content-type': 'application/json',
              'x-github-event': delivery.event,
              'x-github-delivery': `live-${index}`,
              'x-hub-signature-256': await sign(secret, body),
            },
          });
          assert.ok([200, 202].includes(response.status), JSON.stringify(response.body));
        }
        await server.close();
        assert.deepEqual(await rowsOfPullRequest11(testDb.db), imported);
      } finally {
        await server.close().catch(() => undefined);
        await testDb.drop();
      }
    });

    test('a repository that is not owner/name is a usage error naming --repo (exit 2)', async () => {
      const result = await runCli(database.env, ['import', 'github', '--repo', 'acme', '--api-url', api.url]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /--repo: "acme" is not owner\/name/);
      const since = await runCli(database.env, importArgs(api, '--since', 'last week'));
      assert.equal(since.status, 2);
      assert.match(since.stderr, /--since: "last week"/);
    });

    test('a token GitHub refuses (401) is a clear error, exit 1', async () => {
      const result = await runCli(database.env, [
        'import',
        'github',
        '--repo',
        'acme/locked',
        '--api-url',
        api.url,
        '--token',
        'ghp_revoked',
      ]);
      assert.equal(result.status, 1);
      assert.match(
        result.stderr,
        /GitHub refused the token \(401 Bad credentials\): pass a valid token with --token/,
      );
    });
  });
}

/**
 * `fivekeys import git` on a repository made with real git commands at fixed times, on both
 * backends: lead times of named commits, deployment counts and `/api/v1/metrics` numbers computed
 * by hand, merges mode, a second run that stores nothing, usage errors with exit code 2, and a
 * generated repository (bench/git-repository.ts) whose counts are known from its shape.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createGitRepository } from '../../bench/git-repository.ts';
import { createReportService } from '../../src/service/report/report.ts';
import type { Db } from '../../src/store/db.ts';
import { cliBackends, createCliDatabase, runCli, type CliDatabase } from './cli-database.ts';

const DAY = '2026-03-02';
const at = (time: string) => `${DAY}T${time}:00Z`;

/**
 * main: A 09:00, annotated v1.0.0 at 10:00. Branch feature: F1 11:00, a side branch S1 11:30
 * merged into feature as FM 11:45, F2 12:00; merged into main as M 13:00 (--no-ff). Branch quick:
 * Q1 14:00, fast-forwarded into main, lightweight v1.1.0 (so at 14:00). X 15:00 is never tagged.
 */
function makeRepository(dir: string): Record<string, string> {
  let time = '';
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: at(time), GIT_COMMITTER_DATE: at(time) },
    }).trim();
  const commit = (message: string, when: string) => {
    time = when;
    git('commit', '--quiet', '--allow-empty', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  const merge = (branch: string, message: string, when: string) => {
    time = when;
    git('merge', '--quiet', '--no-ff', '-m', message, branch);
    return git('rev-parse', 'HEAD');
  };
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir]);
  git('config', 'user.name', 'Ada');
  git('config', 'user.email', 'ada@example.com');
  git('remote', 'add', 'origin', 'git@github.com:acme/shop.git');
  const shas: Record<string, string> = {};
  shas.A = commit('A', '09:00');
  time = '10:00';
  git('tag', '-a', 'v1.0.0', '-m', 'first release');
  git('checkout', '--quiet', '-b', 'feature');
  shas.F1 = commit('F1', '11:00');
  git('checkout', '--quiet', '-b', 'side');
  shas.S1 = commit('S1', '11:30');
  git('checkout', '--quiet', 'feature');
  shas.FM = merge('side', 'FM', '11:45');
  shas.F2 = commit('F2', '12:00');
  git('checkout', '--quiet', 'main');
  shas.M = merge('feature', 'M', '13:00');
  git('checkout', '--quiet', '-b', 'quick');
  shas.Q1 = commit('Q1', '14:00');
  git('checkout', '--quiet', 'main');
  git('merge', '--quiet', '--ff-only', 'quick');
  git('tag', 'v1.1.0');
  shas.X = commit('X', '15:00');
  return shas;
}

/** Seconds from each commit to its first production deployment, by commit name. */
async function leadTimes(db: Db, shas: Record<string, string>) {
  const rows = await db.query<{ sha: string; seconds: number }>(
    `select c.sha, extract(epoch from dc.finished_at - c.committed_at)::float8 as seconds
       from deployment_changes dc join changes c on c.sha = dc.sha where dc.first_production`,
  );
  const name = Object.fromEntries(Object.entries(shas).map(([key, sha]) => [sha, key]));
  return Object.fromEntries(rows.map((row) => [name[row.sha], row.seconds]).sort());
}

const metrics = (db: Db) =>
  createReportService(db).metrics(
    { from: new Date(at('00:00')), to: new Date('2026-03-03T00:00:00Z') },
    Date.now(),
  );

const countRaw = async (db: Db) =>
  (await db.query<{ n: number }>('select count(*)::int as n from raw_requests'))[0]!.n;

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fivekeys-git-'));
  dirs.push(dir);
  return dir;
};
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

for (const backend of cliBackends()) {
  describe(`fivekeys import git (${backend})`, () => {
    let repo: string;
    let shas: Record<string, string>;
    before(() => {
      repo = join(tempDir(), 'shop');
      shas = makeRepository(repo);
    });

    test('tags become deployments at their tag time; lead times run to the first one containing each commit', async () => {
      const database: CliDatabase = await createCliDatabase(backend);
      try {
        const run = () => runCli(database.env, ['import', 'git', repo, '--service', 'shop', '--json']);
        const first = await run();
        assert.equal(first.status, 0, first.stderr);
        const summary = JSON.parse(first.stdout);
        assert.equal(summary.repository, 'acme/shop', 'origin as owner/name');
        assert.equal(summary.commits, 8);
        assert.deepEqual(summary.changes, { imported: 8, duplicates: 0, failed: 0 });
        assert.deepEqual(summary.deployments, { found: 2, imported: 2, duplicates: 0, failed: 0 });

        const before = await database.withDb(async (db) => {
          assert.deepEqual(await leadTimes(db, shas), {
            A: 3600,
            F1: 10800,
            FM: 8100,
            F2: 7200,
            M: 3600,
            Q1: 0,
            S1: 9000,
          });
          const deployments = await db.query(
            `select external_id, version, head_commit, finished_at::text as finished_at from deployments order by finished_at`,
          );
          assert.deepEqual(deployments, [
            {
              external_id: 'git:acme/shop:v1.0.0',
              version: 'v1.0.0',
              head_commit: shas.A,
              finished_at: '2026-03-02 10:00:00+00',
            },
            {
              external_id: 'git:acme/shop:v1.1.0',
              version: 'v1.1.0',
              head_commit: shas.Q1,
              finished_at: '2026-03-02 14:00:00+00',
            },
          ]);
          const answer = await metrics(db);
          assert.equal(answer.deployment_frequency.count, 2);
          assert.equal(answer.lead_time.n, 7);
          assert.equal(answer.lead_time.median_seconds, 7200);
          assert.equal(answer.lead_time.mean_seconds, 42300 / 7);
          return countRaw(db);
        });

        const second = await run();
        assert.equal(second.status, 0, second.stderr);
        const again = JSON.parse(second.stdout);
        assert.deepEqual(again.changes, { imported: 0, duplicates: 8, failed: 0 });
        assert.deepEqual(again.deployments, { found: 2, imported: 0, duplicates: 2, failed: 0 });
        assert.equal(await database.withDb(countRaw), before, 'a second run stores no request');

        const replay = await runCli(database.env, ['replay', '--json']);
        assert.equal(replay.status, 0, replay.stderr);
        const replayed = JSON.parse(replay.stdout);
        assert.equal(replayed.failed, 0);
        assert.equal(replayed.unchanged, replayed.seen, 'each request re-parses to the rows it stored');
      } finally {
        await database.drop();
      }
    });

    test('merges:main deploys only the merge commits of the first-parent line, at their commit time', async () => {
      const database = await createCliDatabase(backend);
      try {
        const args = ['--deployments', 'merges:main', '--repository', 'acme/other', '--environment', 'prod'];
        const result = await runCli(database.env, ['import', 'git', repo, '--service', 'shop', ...args]);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /deployments: +1 \(merges:main\)\n +imported: +1/);
        await database.withDb(async (db) => {
          const deployments = await db.query('select external_id, environment, head_commit from deployments');
          assert.deepEqual(deployments, [
            { external_id: `git:acme/other:merge:${shas.M}`, environment: 'prod', head_commit: shas.M },
          ]);
          assert.deepEqual(await leadTimes(db, shas), {
            A: 14400,
            F1: 7200,
            F2: 3600,
            FM: 4500,
            M: 0,
            S1: 5400,
          });
          const answer = await metrics(db);
          assert.equal(answer.lead_time.median_seconds, 4950);
        });
      } finally {
        await database.drop();
      }
    });
  });
}

describe('fivekeys import git of a repository without tags', () => {
  test('imports the commits, and hints at how to find deployments', async () => {
    const repo = join(tempDir(), 'untagged');
    execFileSync('git', ['init', '--quiet', '--initial-branch=main', repo]);
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args]);
    git(
      '-c',
      'user.name=Ada',
      '-c',
      'user.email=ada@example.com',
      'commit',
      '--quiet',
      '--allow-empty',
      '-m',
      'one',
    );
    const database = await createCliDatabase('pglite');
    try {
      const result = await runCli(database.env, ['import', 'git', repo, '--service', 'shop']);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /deployments: +0 \(tags:\*\)/);
      assert.match(
        result.stderr,
        /^hint: no tag matches tags:\*, so no deployment was imported and lead time stays empty/m,
      );
      assert.match(result.stderr, /--deployments merges:main/);
      const json = await runCli(database.env, ['import', 'git', repo, '--service', 'shop', '--json']);
      assert.equal(JSON.parse(json.stdout).deployments.found, 0, 'the hint stays out of the JSON');
    } finally {
      await database.drop();
    }
  });
});

describe('fivekeys import git usage errors', () => {
  test('a folder that is not a git repository exits with code 2 and says so', async () => {
    const folder = tempDir();
    const result = await runCli(process.env, ['import', 'git', folder, '--service', 'shop']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /is not a git repository/);
  });

  test('a bad --deployments value exits with code 2 naming the option', async () => {
    const repo = join(tempDir(), 'r');
    execFileSync('git', ['init', '--quiet', repo]);
    for (const value of ['releases', 'tags:', 'merges:nope']) {
      const result = await runCli(process.env, [
        'import',
        'git',
        repo,
        '--service',
        's',
        '--deployments',
        value,
      ]);
      assert.equal(result.status, 2, value);
      assert.match(result.stderr, /--deployments/, value);
    }
  });
});

describe('fivekeys import git of a generated repository', () => {
  test('every commit and tag is stored once; tags:v0.0.1* selects by glob', async () => {
    const repo = join(tempDir(), 'generated');
    // 1.75 commits per step: 700 commits, 400 steps, one tag every 20 steps.
    const facts = await createGitRepository(repo, { commits: 700, tagEvery: 20 });
    assert.deepEqual(facts, { commits: 700, merges: 100, tags: 20, annotatedTags: 10 });
    const database = await createCliDatabase('pglite');
    try {
      const args = ['import', 'git', repo, '--service', 'gen', '--json'];
      const all = JSON.parse((await runCli(database.env, args)).stdout);
      assert.deepEqual([all.commits, all.changes.imported, all.deployments.imported], [700, 700, 20]);
      const some = JSON.parse(
        (await runCli(database.env, [...args, '--deployments', 'tags:v0.0.1*'])).stdout,
      );
      // v0.0.1 and v0.0.10 … v0.0.19, already imported.
      assert.deepEqual(some.deployments, { found: 11, imported: 0, duplicates: 11, failed: 0 });
      await database.withDb(async (db) => {
        const [row] = await db.query<{ contained: number }>(
          'select count(distinct sha)::int as contained from deployment_changes',
        );
        // Everything up to the last tag (step 400 is the last step: the final commit is tagged).
        assert.equal(row!.contained, 700);
      });
    } finally {
      await database.drop();
    }
  });
});

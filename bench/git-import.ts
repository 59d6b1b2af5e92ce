/**
 * `node --import tsx bench/git-import.ts [--commits 100000] [--tags 1000] [--repository DIR]`:
 * `fivekeys import git` of a generated repository (bench/git-repository.ts) on PGlite in a temporary
 * data folder and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, on PostgreSQL: seconds for
 * the changes, the deployments, and a second run (which must store nothing). CPU seconds are printed
 * beside wall seconds because the figure is meant for a loaded machine too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAppServices } from '../src/service/app.ts';
import {
  importGit,
  type GitImportOptions,
  type GitImportSummary,
} from '../src/service/imports/git-import.ts';
import { migrate } from '../src/store/migrate.ts';
import { createGitRepository } from './git-repository.ts';
import { openBenchDb } from './bench-db.ts';

const { values } = parseArgs({
  options: {
    commits: { type: 'string', default: '100000' },
    tags: { type: 'string', default: '1000' },
    repository: { type: 'string' },
    'deployment-batch': { type: 'string' },
    backend: { type: 'string' },
  },
});

/** Wall and CPU seconds of `work`, and the wall second at which the changes were all written. */
async function timed(work: (onProgress: (summary: GitImportSummary) => void) => Promise<GitImportSummary>) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let changesDone = 0;
  let changesCpu = 0;
  const seconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;
  const summary = await work((sofar) => {
    if (sofar.deployments.imported + sofar.deployments.duplicates > 0) return;
    changesDone = performance.now();
    changesCpu = seconds(process.cpuUsage(cpu));
  });
  return {
    summary,
    wall: (performance.now() - started) / 1000,
    changes: (changesDone - started) / 1000,
    cpu: seconds(process.cpuUsage(cpu)),
    changesCpu,
  };
}

async function benchBackend(kind: 'pglite' | 'postgres', dir: string) {
  const { db, drop } = await openBenchDb(kind, 'git');
  try {
    await migrate(db);
    const { ingest } = createAppServices(db, {
      auth: 'off',
      adminToken: undefined,
      adminUsername: undefined,
      adminPassword: undefined,
    });
    const options: GitImportOptions = {
      service: 'bench',
      environment: 'production',
      deployments: { kind: 'tags', glob: '*' },
      deploymentBatch: values['deployment-batch'] ? Number(values['deployment-batch']) : undefined,
    };
    const run = () => timed((onProgress) => importGit(ingest, dir, { ...options, onProgress }));
    const first = await run();
    const second = await run();
    const s = first.summary;
    console.log(`\n## ${kind}`);
    console.log(
      `first run:  ${first.wall.toFixed(1)} s wall (${first.cpu.toFixed(1)} s CPU in this process)`,
    );
    const cpu = (value: number) => `${value.toFixed(1)} s CPU`;
    console.log(
      `  changes:     ${s.changes.imported} in ${first.changes.toFixed(1)} s (${cpu(first.changesCpu)})`,
    );
    const deployments = `${(first.wall - first.changes).toFixed(1)} s (${cpu(first.cpu - first.changesCpu)})`;
    console.log(`  deployments: ${s.deployments.imported} in ${deployments}`);
    console.log(
      `second run: ${second.wall.toFixed(1)} s, imported ${second.summary.changes.imported + second.summary.deployments.imported}`,
    );
    await ingest.flush();
  } finally {
    await drop();
  }
}

const commits = Number(values.commits);
let dir = values.repository;
let generated: string | undefined;
if (!dir) {
  generated = mkdtempSync(join(tmpdir(), 'fivekeys-bench-repo-'));
  dir = join(generated, 'repo');
  const started = performance.now();
  // 1.75 commits per main-line step with the default shape (a 3-commit feature merged every 4th).
  const facts = await createGitRepository(dir, {
    commits,
    tagEvery: Math.max(1, Math.round(commits / 1.75 / Number(values.tags))),
  });
  console.log(`generated ${JSON.stringify(facts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
try {
  const postgres = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (values.backend !== 'postgres') await benchBackend('pglite', dir);
  if (postgres && values.backend !== 'pglite') await benchBackend('postgres', dir);
} finally {
  if (generated) rmSync(generated, { recursive: true, force: true });
}

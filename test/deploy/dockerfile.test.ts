/**
 * No Docker engine runs here, so the Dockerfile is checked for what matters: a multi-stage build
 * whose builder has the devDependencies, a runtime with production dependencies only, a numeric
 * non-root user, and a HEALTHCHECK that works without curl. The HEALTHCHECK script and the probe
 * paths are run against a real fivekeys server.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const ROOT = new URL('../../', import.meta.url);
const run = promisify(execFile);

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions per stage, continuation lines joined and comments dropped. */
function stages(text: string): Instruction[][] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const result: Instruction[][] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^\s*(\w+)\s+(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') result.push([]);
    result.at(-1)?.push({ keyword: keyword.toUpperCase(), args: args.trim() });
  }
  return result;
}

const dockerfile = readFileSync(new URL('Dockerfile', ROOT), 'utf8');
const all = stages(dockerfile);
const runtime = all.at(-1) ?? [];
const find = (stage: Instruction[], keyword: string) => stage.filter((each) => each.keyword === keyword);
const healthcheckArgv = (): string[] => {
  const [healthcheck] = find(runtime, 'HEALTHCHECK');
  return JSON.parse(healthcheck?.args.slice(healthcheck.args.indexOf('CMD') + 3) ?? '[]') as string[];
};

test('multi-stage: the builder installs devDependencies and builds, the runtime gets production ones', () => {
  assert.ok(all.length >= 2);
  const builder = all.find((stage) => find(stage, 'RUN').some((each) => each.args.includes('npm run build')));
  assert.ok(builder, 'a stage runs npm run build');
  const builderRuns = find(builder, 'RUN').map((each) => each.args);
  const install = builderRuns.findIndex((args) => /\bnpm ci\b/.test(args) && !args.includes('--omit=dev'));
  assert.ok(install >= 0 && install < builderRuns.findIndex((args) => args.includes('npm run build')));
  const depsStage = all.find((stage) =>
    find(stage, 'RUN').some((each) => /npm ci .*--omit=dev/.test(each.args)),
  );
  const depsName = /\bAS\s+(\S+)/i.exec(find(depsStage ?? [], 'FROM')[0]?.args ?? '')?.[1];
  const copies = find(runtime, 'COPY').map((each) => each.args);
  assert.ok(copies.some((args) => args.includes(`--from=${depsName}`) && args.includes('node_modules')));
  assert.ok(
    copies.some((args) => /--from=\S+ \/app\/dist /.test(args)),
    'the build output (dist, dist/web)',
  );
  assert.ok(
    copies.some((args) => /\/app\/src\/store\/migrations /.test(args)),
    'the SQL migrations, read at start',
  );
  assert.match(find(runtime, 'FROM')[0]?.args ?? '', /distroless\/nodejs24|node:24-.*slim/);
});

test('every stage is Node 24, within the engines package.json declares', () => {
  const images = all.map((stage) => find(stage, 'FROM')[0]?.args ?? '');
  for (const image of images) assert.match(image, /^(node:24-|gcr\.io\/distroless\/nodejs24-)/, image);
  const { engines } = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as {
    engines: { node: string };
  };
  const floor = Number(/^>=\s*(\d+)/.exec(engines.node)?.[1]);
  assert.ok(floor <= 24, `engines.node ${engines.node} admits Node 24`);
});

test('the runtime runs as a numeric non-root user and never fetches remote files', () => {
  const [user] = find(runtime, 'USER');
  const [uid = '', gid = ''] = (user?.args ?? '').split(':');
  assert.match(uid, /^\d+$/, 'numeric, so runAsNonRoot can verify it');
  assert.ok(Number(uid) > 0 && Number(gid) > 0);
  assert.equal(find(runtime, 'USER').length, 1);
  assert.equal(
    all.flat().filter((each) => each.keyword === 'ADD').length,
    0,
    'COPY only: no ADD of URLs or archives',
  );
  assert.ok(!/\b(curl|wget)\b/.test(dockerfile), 'distroless has neither');
});

test('port, data folder, volume and command agree with the service defaults', () => {
  const defaults = loadConfig({});
  assert.deepEqual(
    find(runtime, 'EXPOSE').map((each) => each.args),
    [String(defaults.port)],
  );
  assert.deepEqual(
    find(runtime, 'VOLUME').map((each) => each.args),
    ['/data'],
  );
  const env = find(runtime, 'ENV')
    .map((each) => each.args)
    .join(' ');
  assert.match(env, /FIVEKEYS_DATA_DIR=\/data\b/);
  const bin = (
    JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { bin: Record<string, string> }
  ).bin;
  assert.deepEqual(JSON.parse(find(runtime, 'CMD')[0]?.args ?? '[]'), [bin.fivekeys, 'serve']);
  assert.match(healthcheckArgv()[0] ?? '', /\/node$/);
});

test('.dockerignore keeps dependencies, outputs and secrets of the host out, and the sources in', () => {
  const ignored = readFileSync(new URL('.dockerignore', ROOT), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  for (const entry of ['node_modules', 'dist', '.git', 'fivekeys-data'])
    assert.ok(ignored.includes(entry), entry);
  for (const needed of ['src', 'web', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json']) {
    assert.ok(
      !ignored.some((entry) => entry === needed || entry === `${needed}/`),
      `${needed} is in the context`,
    );
  }
});

for (const backend of backends()) {
  describe(`${backend.name}: the health checks against a real server`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('the HEALTHCHECK script exits 0 while /healthz answers and 1 when nothing listens', async () => {
      const [, ...args] = healthcheckArgv();
      const port = new URL(server.url).port;
      const healthy = await run(process.execPath, args, { env: { FIVEKEYS_PORT: port } });
      assert.equal(healthy.stderr, '');
      const closed = await run(process.execPath, args, { env: { FIVEKEYS_PORT: '1' } }).catch(
        (error: { code: number }) => error,
      );
      assert.equal((closed as { code?: number }).code, 1);
    });

    test('the probe paths of the manifests answer 200 while the database is up', async () => {
      for (const path of ['/healthz', '/readyz']) assert.equal((await server.get(path)).status, 200, path);
    });
  });
}

/**
 * Independent tools accept the OpenAPI document: Redocly's linter with its recommended rules finds
 * no error, and openapi-typescript turns it into types under which the example client
 * (examples/api-client.ts, calls made with plain `fetch`) compiles, mistakes included as errors.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

describe('the OpenAPI document in other tools', () => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fivekeys-openapi-'));
    file = join(dir, 'openapi.json');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/openapi.ts'], {
      cwd: ROOT,
      maxBuffer: 64 << 20,
    });
    await writeFile(file, stdout);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('Redocly lint with the recommended rules: no error, no warning', async () => {
    const { stdout } = await run(
      join(ROOT, 'node_modules/.bin/redocly'),
      ['lint', file, '--extends', 'recommended', '--format', 'json'],
      { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    const problems = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    console.log(`redocly lint: ${report.totals.errors} errors, ${report.totals.warnings} warnings`);
    assert.deepEqual(problems, []);
  });

  test('a client typed by openapi-typescript compiles, and its deliberate mistakes do not', async () => {
    const document = JSON.parse(await readFile(file, 'utf8')) as Parameters<typeof openapiTS>[0];
    await writeFile(join(dir, 'openapi-types.ts'), astToString(await openapiTS(document)));
    await copyFile(join(ROOT, 'examples/api-client.ts'), join(dir, 'api-client.ts'));
    const program = ts.createProgram([join(dir, 'api-client.ts')], {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      allowImportingTsExtensions: true,
      noEmit: true,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file?.fileName.replace(dir, '') ?? '';
      return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    assert.deepEqual(diagnostics, []);
    // The `@ts-expect-error` lines hold only while the types are precise: `any` would leave them unused.
    const example = await readFile(join(dir, 'api-client.ts'), 'utf8');
    assert.equal(example.match(/\/\/ @ts-expect-error/g)?.length, 3);
  });
});

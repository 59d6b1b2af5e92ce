import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDb } from '../../src/store/db.ts';

// One test in its own file: the resident set it reads is this process's alone.
test('a fresh data folder is created, kept and opened without keeping the creation memory', async () => {
  const root = mkdtempSync(join(tmpdir(), 'fivekeys-folder-'));
  const dataDir = join(root, 'nested', 'data');
  const before = process.memoryUsage().rss;
  const db = await openDb({ dataDir });
  try {
    // Creating the folder in this thread kept ~600 MB more resident than reopening it. The open
    // database's own thread (its WebAssembly heap and a Node.js isolate) is counted here too:
    // 250–360 MB, the most on Node.js 24.
    const grownMb = (process.memoryUsage().rss - before) / 2 ** 20;
    assert.ok(grownMb < 450, `resident set grew by ${Math.round(grownMb)} MB opening a fresh folder`);
    assert.ok(existsSync(join(dataDir, 'PG_VERSION')));
    await db.exec('create table kept (n int); insert into kept values (42)');
  } finally {
    await db.close();
  }
  try {
    const reopened = await openDb({ dataDir });
    assert.deepEqual(await reopened.query('select n from kept'), [{ n: 42 }]);
    await reopened.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a folder PGlite cannot create in is an error naming it, not a hang', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'fivekeys-folder-')), 'data');
  try {
    // Not a data folder (no PG_VERSION), and a file where initdb puts a directory.
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'base'), 'not a directory');
    await assert.rejects(openDb({ dataDir }), (error: Error) => {
      assert.match(error.message, /could not create the embedded database in .*data: /);
      return true;
    });
  } finally {
    rmSync(dirname(dataDir), { recursive: true, force: true });
  }
});

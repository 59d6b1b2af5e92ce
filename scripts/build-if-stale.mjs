// `npm start`'s prestart: runs `npm run build` only when dist/ is missing or older than what it is
// built from, so a built tree starts in about 2 s instead of rebuilding (about 13 s) every time.
// Compares modification times: a fresh clone or any edited source builds; nothing else does.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { env, execPath, exit, stderr } from 'node:process';

const OUTPUTS = ['dist/cli/main.js', 'dist/web/index.html'];
const INPUT_DIRS = ['src', 'web'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/bundle.mjs'];

/** The newest input file and its time; tests are not part of the build. */
function newestInput() {
  let newest = { path: '', time: 0 };
  const consider = (path) => {
    const time = statSync(path).mtimeMs;
    if (time > newest.time) newest = { path, time };
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.test.ts')) consider(path);
    }
  };
  for (const dir of INPUT_DIRS) if (existsSync(dir)) walk(dir);
  for (const file of INPUT_FILES) if (existsSync(file)) consider(file);
  return newest;
}

function staleness() {
  const missing = OUTPUTS.find((output) => !existsSync(output));
  if (missing) return `${missing} does not exist`;
  const built = Math.min(...OUTPUTS.map((output) => statSync(output).mtimeMs));
  const newest = newestInput();
  return newest.time > built ? `${newest.path} is newer than dist/` : undefined;
}

const reason = staleness();
if (reason) {
  stderr.write(`fivekeys: building (${reason})\n`);
  // Through the npm that runs `npm start` (npm_execpath), else the one on the PATH.
  const npm = env.npm_execpath
    ? spawnSync(execPath, [env.npm_execpath, 'run', 'build'], { stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  exit(npm.status ?? 1);
}

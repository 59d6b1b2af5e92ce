/**
 * Builds the dashboard with Vite's JS API into a temporary folder, once per version of web/: the
 * folder is named after a hash of the sources, so the browser test files of one run (separate
 * processes) share one build, and a changed source builds again. Built aside, then renamed, so two
 * files building at once never serve a half-written folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));

function sourcesHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  walk(WEB);
  return hash.digest('hex').slice(0, 16);
}

export async function buildDashboard(): Promise<string> {
  const dir = join(tmpdir(), `fivekeys-dashboard-${sourcesHash()}`);
  if (existsSync(join(dir, 'index.html'))) return dir;
  const staging = `${dir}.${process.pid}`;
  await build({
    configFile: join(WEB, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir: staging, emptyOutDir: true },
  });
  try {
    renameSync(staging, dir);
  } catch {
    // Another test file finished the same build first: theirs is identical.
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

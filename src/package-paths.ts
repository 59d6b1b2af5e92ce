/**
 * Files fivekeys ships beside its code, found from the package root (the nearest folder above this
 * module holding package.json). The same answer whether the code runs as TypeScript from src/
 * (tsx, tests), as the one-file bundle dist/cli/main.js (`npm start`, the npm package, the image),
 * or installed under node_modules/fivekeys.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

const ROOT = packageRoot();

/** The SQL migrations (src/store/migrations, shipped in the package as they are). */
export const MIGRATIONS_DIR = join(ROOT, 'src', 'store', 'migrations');

/** The dashboard Vite builds (web/ → dist/web). */
export const DASHBOARD_DIR = join(ROOT, 'dist', 'web');

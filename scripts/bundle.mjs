// `npm run build`: the CLI and server as one ES module, dist/cli/main.js. Loading ~1,000 files of
// dependencies one by one was most of a cold start (2 s of 2.9 s); one file loads in ~0.5 s.
// PGlite finds its WebAssembly beside its own module, and the Kubernetes client is loaded only
// by the watcher, so both stay packages resolved at run time. The embedded database's thread is a
// second entry point, pglite-worker.js beside main.js, where src/store/pglite-thread.ts looks for it.
// An argument builds elsewhere (a test's own copy, which a concurrent build of dist/ cannot change
// under it).
import { basename, dirname } from 'node:path';
import { argv } from 'node:process';
import { build } from 'esbuild';

const outfile = argv[2] ?? 'dist/cli/main.js';

await build({
  entryPoints: {
    [basename(outfile, '.js')]: 'src/cli/main.ts',
    'pglite-worker': 'src/store/pglite-worker.ts',
  },
  outdir: dirname(outfile),
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The oldest Node package.json's engines admit.
  target: 'node22',
  sourcemap: true,
  // Packages that read files beside their own modules (__dirname: static assets, their package.json)
  // stay outside too, and graphql with mercurius, which must share one copy of it.
  external: [
    '@electric-sql/pglite',
    '@kubernetes/client-node',
    '@fastify/swagger',
    '@fastify/swagger-ui',
    'mercurius',
    'graphql',
    'pino',
  ],
  // Bundled CommonJS dependencies call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

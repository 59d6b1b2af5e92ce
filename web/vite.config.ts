/**
 * The dashboard build: Preact through Vite's own JSX transform (no preset plugin needed), output to
 * `<package root>/dist/web` with hashed asset names, which src/http/routes/dashboard.ts serves.
 * The browser tests call Vite's `build()` with this file and their own `outDir`.
 */
import { defineConfig } from 'vite';

const path = (relative: string) => decodeURIComponent(new URL(relative, import.meta.url).pathname);

export default defineConfig({
  root: path('.'),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path('../dist/web/'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    reportCompressedSize: false,
  },
});

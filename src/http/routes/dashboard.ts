/**
 * The built-in dashboard (web/, built by Vite into dist/web) at `/`. Hashed assets under /assets/
 * are immutable and cached for a year; index.html is never cached, so a new release shows at the
 * next load. The client routes are listed here rather than caught by a wildcard: an unknown path
 * stays a JSON 404 (and `unmatched` in the request metrics) instead of becoming the page.
 * Without a build (a test that never ran Vite, a dev run) `/` says how to build, never a 500.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors.ts';
import { sendError } from '../error-handler.ts';

/** The pages of the single-page app; each answers index.html and the client renders the rest. */
const DASHBOARD_PAGES = [
  '/',
  '/index.html',
  '/live',
  '/evidence',
  '/teams',
  '/benchmarks',
  '/settings',
] as const;

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fivekeys</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem">
<h1>fivekeys</h1>
<p>dashboard not built: run <code>npm run build</code>, then restart the service.</p>
<p>The API is up: <a href="/docs">/docs</a>, <a href="/api/v1/metrics">/api/v1/metrics</a>.</p>
</body></html>
`;

const sendPage = (reply: FastifyReply, html: string) =>
  reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);

export async function dashboardRoutes(app: FastifyInstance, dir: string): Promise<void> {
  const indexFile = join(dir, 'index.html');
  const built = existsSync(indexFile);
  const html = built ? readFileSync(indexFile, 'utf8') : NOT_BUILT;
  if (built && existsSync(join(dir, 'assets')))
    await app.register(assetRoutes, { root: join(dir, 'assets') });
  for (const page of DASHBOARD_PAGES) {
    app.get(page, { schema: { hide: true } }, async (_request, reply) => sendPage(reply, html));
  }
}

/**
 * Hashed assets, in their own plugin scope: @fastify/static refuses paths such as `..%5cx` or
 * `..%00/x` with a 4xx error that the application's handler would log and answer as a 500.
 */
async function assetRoutes(scope: FastifyInstance, options: { root: string }): Promise<void> {
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 400 || status >= 500) throw error;
    return sendError(reply, new AppError('not_found', `No asset ${request.url.split('?')[0]}.`));
  });
  await scope.register(fastifyStatic, {
    root: options.root,
    prefix: '/assets/',
    index: false,
    maxAge: '365d',
    immutable: true,
    // Served with our JSON 404 when a file is missing; the route stays out of /openapi.json.
    schemaHide: true,
  });
}

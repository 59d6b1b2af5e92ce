/**
 * The yardsticks fivekeys is measured against in the same run: a bare Fastify route that stores
 * each request body with one INSERT in its own transaction (the least a durable ingest can do),
 * and one hand-written SQL query for the headline numbers (no attribution rules, no levels).
 */
import Fastify from 'fastify';
import type { Db } from '../src/store/db.ts';

export async function startBaselineServer(db: Db): Promise<{ url: string; close(): Promise<void> }> {
  await db.exec('create table if not exists bench_baseline (id bigserial primary key, body jsonb not null)');
  const app = Fastify({ logger: false });
  app.post('/ingest', async (request, reply) => {
    await db.transaction((tx) =>
      tx.query('insert into bench_baseline (body) values ($1::text::jsonb)', [JSON.stringify(request.body)]),
    );
    return reply.status(202).send({ accepted: 1 });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

/** Deployment count and median lead time over the window, straight from the tables. */
export async function baselineMetricsQuery(db: Db, from: Date, to: Date): Promise<unknown> {
  return db.query(
    `select (select count(*) from deployments where is_production and status = 'success'
               and finished_at >= $1 and finished_at < $2) as deployments,
            (select percentile_cont(0.5) within group (order by extract(epoch from dc.finished_at - c.committed_at))
               from deployment_changes dc join changes c on c.sha = dc.sha
              where dc.finished_at >= $1 and dc.finished_at < $2) as median_lead_time`,
    [from, to],
  );
}

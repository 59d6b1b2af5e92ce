/**
 * The ingest yardsticks, run as their own process (`node --import tsx bench/baseline-server.ts
 * bare|transaction [database-url]`) so they get the same CPU share as the fivekeys server:
 * - bare: Fastify parsing the same JSON body and answering 202, no database (the ceiling);
 * - transaction: the same route doing BEGIN; INSERT; COMMIT per request through a `pg` pool of
 *   the same size as fivekeys' (the naive durable ingest fivekeys' group commit is measured against).
 * Prints `{"url": …}` on its first line once listening.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { BASELINE_TABLE, baselineRow, insertRowsSql } from './rows.ts';

const [mode, databaseUrl] = process.argv.slice(2);
const app = Fastify({ logger: false, bodyLimit: 1 << 20 });

if (mode === 'bare') {
  app.post('/ingest', async (_request, reply) => reply.status(202).send({ accepted: 1 }));
} else if (mode === 'transaction' && databaseUrl) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  app.addHook('onClose', () => pool.end());
  app.post('/ingest', async (request, reply) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const [sql, params] = insertRowsSql(BASELINE_TABLE, [baselineRow(request.body)]);
      await client.query(sql, params);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return reply.status(202).send({ accepted: 1 });
  });
} else {
  throw new Error('usage: baseline-server.ts bare | transaction <database-url>');
}

const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ url }));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

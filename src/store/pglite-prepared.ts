/**
 * Prepared statements on PGlite. Its `query` sends every text as an unnamed statement, so
 * PostgreSQL parses, analyzes and plans it on each call: for the ingest transaction that was about
 * half of each batch (the incident statement: 5.4 ms a call, of which 2.0 ms planning and 0.75 ms
 * running). This speaks the extended protocol through PGlite's public `execProtocolStream`, as its
 * own `query` does, but parses and describes each text once per database, under a name, and then
 * only binds and executes it; PostgreSQL's plan cache then decides between custom and generic plans
 * exactly as it does for a server's prepared statements. Values go both ways through PGlite's own
 * serializers and parsers, so rows are the same as `query`'s.
 */
import type { PGlite } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';

interface Prepared {
  name: string;
  paramTypes: number[];
  fields: { name: string; dataTypeID: number }[];
}

/** The backend messages read here, as PGlite's protocol parser names and shapes them. */
interface Message {
  name: string;
  /** parameterDescription */
  dataTypeIDs?: number[];
  /** rowDescription: the columns; dataRow: the values, as text. */
  fields?: ({ name: string; dataTypeID: number } | string | null)[];
}

/** `maxPrepared`: texts kept under a name; beyond it, statements run unnamed (db.ts sets the cap). */
export function preparedQueries(lite: PGlite, maxPrepared: number) {
  const statements = new Map<string, Prepared>();
  // Never reused: a name whose Parse succeeded stays taken even if its Describe then failed.
  let named = 0;
  const send = async (message: Uint8Array) =>
    (await lite.execProtocolStream(message, { syncToFs: false })) as Message[];

  const prepare = async (sql: string): Promise<Prepared> => {
    const name = statements.size < maxPrepared ? `fivekeys_${(named += 1)}` : '';
    await send(serialize.parse({ name, text: sql, types: [] }));
    const described = await send(serialize.describe({ type: 'S', name }));
    const prepared: Prepared = { name, paramTypes: [], fields: [] };
    for (const message of described) {
      if (message.name === 'parameterDescription') prepared.paramTypes = message.dataTypeIDs ?? [];
      if (message.name === 'rowDescription')
        prepared.fields = (message.fields as Prepared['fields']).map(({ name, dataTypeID }) => ({
          name,
          dataTypeID,
        }));
    }
    if (name) statements.set(sql, prepared);
    return prepared;
  };

  /** Runs `sql` with `params` in the caller's transaction, preparing it on first use. */
  return <Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> =>
    lite.runExclusive(async () => {
      const rows: Row[] = [];
      try {
        const statement = statements.get(sql) ?? (await prepare(sql));
        const values = params.map((value, index) => {
          if (value === null || value === undefined) return null;
          const serializer = lite.serializers[statement.paramTypes[index] ?? 0];
          return serializer ? serializer(value) : String(value);
        });
        await send(serialize.bind({ statement: statement.name, values }));
        for (const message of await send(serialize.execute({}))) {
          if (message.name !== 'dataRow') continue;
          const fields = message.fields as (string | null)[];
          const row: Record<string, unknown> = {};
          statement.fields.forEach(({ name, dataTypeID }, index) => {
            const text = fields[index] ?? null;
            const parser = lite.parsers[dataTypeID];
            row[name] = text === null ? null : parser ? parser(text, dataTypeID) : text;
          });
          rows.push(row as Row);
        }
      } finally {
        await send(serialize.sync());
      }
      return rows;
    });
}

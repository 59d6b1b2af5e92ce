/**
 * `Accept: text/csv` on the evidence lists: exactly the rows of the JSON page (same filters, sort,
 * cursor and limit), a header row, the next page in `Link`, a download file name, formula cells
 * defused. Also checked against /openapi.json like every answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDb } from '../helpers/backends.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import { SCENARIO } from '../helpers/scenario.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const WINDOW = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';
/** How a text cell reads in the CSV: formulas behind an apostrophe. */
const cell = (text: string) => (/^[=+\-@]/.test(text) ? `'${text}` : text);

for (const backend of backends()) {
  describe(`evidence as CSV (${backend.name})`, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
      const formula = {
        path: '/api/v1/deployments',
        body: {
          id: '=HYPERLINK("x")',
          service: 'shop',
          environment: 'production',
          status: 'success',
          finished_at: '2026-03-06T12:00:00Z',
          version: '+1, "quoted"',
        },
      };
      for (const event of [...SCENARIO, formula])
        assert.equal((await server.post(event.path, event.body)).status, 202);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    const csv = (path: string) => fetch(server.url + path, { headers: { accept: 'text/csv' } });

    test('a CSV page is the JSON page, row for row, and links to the next page', async () => {
      const query = `${WINDOW}&production=true&sort=finished_at&limit=4`;
      const json = (await server.get(`/api/v1/deployments?${query}`)).body;
      const response = await csv(`/api/v1/deployments?${query}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(
        response.headers.get('content-disposition') ?? '',
        /^attachment; filename="fivekeys-deployments-2026-03-02-2026-03-09\.csv"$/,
      );
      const [header, ...rows] = parseCsv(await response.text());
      assert.ok(header!.includes('failed') && header!.includes('change_shas'));
      const column = (name: string) => header!.indexOf(name);
      assert.deepEqual(
        rows.map((row) => [row[column('id')], row[column('finished_at')], row[column('failed')]]),
        json.items.map((d: { id: string; finished_at: string; failed: boolean }) => [
          d.id,
          d.finished_at,
          String(d.failed),
        ]),
      );
      const link = response.headers.get('link') ?? '';
      const next = /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
      assert.ok(next?.includes(`cursor=${encodeURIComponent(json.next_cursor)}`), link);
      const second = parseCsv(await (await csv(next ?? '')).text()).slice(1);
      const jsonSecond = (
        await server.get(`/api/v1/deployments?${query}&cursor=${encodeURIComponent(json.next_cursor)}`)
      ).body;
      assert.deepEqual(
        second.map((row) => row[column('id')]),
        jsonSecond.items.map((d: { id: string }) => cell(d.id)),
      );
    });

    test('formula cells are defused and quoted text survives', async () => {
      const text = await (await csv(`/api/v1/deployments?${WINDOW}&service=shop&limit=1000`)).text();
      const [header, ...rows] = parseCsv(text);
      const row = rows.find((cells) => cells[header!.indexOf('id')] === `'=HYPERLINK("x")`);
      assert.ok(row, text);
      assert.equal(row[header!.indexOf('version')], `'+1, "quoted"`);
    });

    test('changes and incidents come as CSV too, with their totals in JSON unchanged', async () => {
      for (const [list, count] of [
        ['changes', 'sha'],
        ['incidents', 'id'],
      ] as const) {
        const json = (await server.get(`/api/v1/${list}?${WINDOW}`)).body;
        const [header, ...rows] = parseCsv(await (await csv(`/api/v1/${list}?${WINDOW}`)).text());
        assert.equal(rows.length, json.total);
        assert.deepEqual(
          rows.map((row) => row[header!.indexOf(count)]),
          json.items.map((item: Record<string, string>) => item[count]),
        );
      }
    });
  });
}

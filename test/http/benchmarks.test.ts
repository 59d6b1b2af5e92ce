import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, type TestDb } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

interface Band {
  metric: string;
  level: string;
  comparison: string;
  bound: number | null;
  unit: string;
}
const band = (bands: Band[], metric: string, level: string) =>
  bands.find((each) => each.metric === metric && each.level === level);

for (const backend of backends()) {
  describe(backend.name, () => {
    let testDb: TestDb;
    let server: TestServer;
    before(async () => {
      testDb = await backend.create();
      server = await startServer(testDb.db);
    });
    after(async () => {
      await server.close();
      await testDb.drop();
    });

    test('every report year is answered with its source and the bands the levels use', async () => {
      const response = await server.get('/api/v1/benchmarks');
      assert.equal(response.status, 200);
      assert.equal(response.body.default_year, 2024);
      const years = response.body.years as {
        year: number;
        source: { title: string; url: string };
        bands: Band[];
      }[];
      assert.deepEqual(
        years.map((each) => each.year),
        [2021, 2023, 2024],
      );
      for (const each of years) {
        assert.match(each.source.title, new RegExp(`State of DevOps.*${each.year}`));
        assert.match(each.source.url, /^https:\/\/dora\.dev\//);
      }
      const [y2021, y2023, y2024] = years.map((each) => each.bands);
      assert.deepEqual(band(y2021!, 'lead_time', 'elite'), {
        metric: 'lead_time',
        level: 'elite',
        comparison: 'max',
        bound: 3600,
        unit: 'seconds',
      });
      assert.equal(band(y2023!, 'change_failure_rate', 'medium')?.bound, 0.15);
      // 2024's medium change failure rate (10%) lies below high (20%): unreachable, so absent.
      assert.equal(band(y2024!, 'change_failure_rate', 'medium'), undefined);
      assert.equal(band(y2024!, 'change_failure_rate', 'high')?.bound, 0.2);
      assert.deepEqual(band(y2024!, 'deployment_frequency', 'elite'), {
        metric: 'deployment_frequency',
        level: 'elite',
        comparison: 'min',
        bound: 5,
        unit: 'deploy_days_per_week',
      });
      const levels = y2024!.filter((each) => each.metric === 'lead_time').map((each) => each.level);
      assert.deepEqual(levels, ['elite', 'high', 'medium', 'low']);
    });

    test('year keeps one table; an unknown year is a 400', async () => {
      const one = await server.get('/api/v1/benchmarks?year=2023');
      assert.equal(one.status, 200);
      assert.deepEqual(
        one.body.years.map((each: { year: number }) => each.year),
        [2023],
      );
      const bad = await server.get('/api/v1/benchmarks?year=2022');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'invalid_query');
    });
  });
}

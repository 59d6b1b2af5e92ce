/** `GET /api/v1/benchmarks`: the DORA band tables of 2021, 2023 and 2024, with their sources. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../service/app.ts';
import { BENCHMARK_YEARS, listBenchmarks, type BenchmarkYear } from '../../service/report/benchmarks.ts';
import { BenchmarksAnswer } from '../schemas/benchmarks.ts';

const BenchmarksQuery = Type.Object(
  {
    year: Type.Optional(
      Type.Unsafe<'2021' | '2023' | '2024'>({
        type: 'string',
        enum: BENCHMARK_YEARS.map(String),
        description: 'Only this report year',
      }),
    ),
  },
  { additionalProperties: false },
);

export function benchmarkRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Querystring: Static<typeof BenchmarksQuery>; Reply: Static<typeof BenchmarksAnswer> }>(
    '/api/v1/benchmarks',
    {
      config: { scope: 'read' },
      schema: { querystring: BenchmarksQuery, response: { 200: BenchmarksAnswer } },
    },
    async (request) => {
      const { year } = request.query;
      return listBenchmarks(services.db, year === undefined ? undefined : (Number(year) as BenchmarkYear));
    },
  );
}

/**
 * The DORA benchmark tables as the API publishes them: every report year the levels can be read
 * against, with the report it comes from and its bands. The bands are those the levels are computed
 * with (`dora_benchmarks`), so the table a user reads is the table that graded them.
 */
import type { BenchmarkBand } from '../../model/facts.ts';
import { selectBenchmarkBands } from '../../store/benchmarks.ts';
import type { Queryable } from '../../store/db.ts';
import { DEFAULT_BENCHMARK } from './report.ts';

export const BENCHMARK_YEARS = [2021, 2023, 2024] as const;
export type BenchmarkYear = (typeof BENCHMARK_YEARS)[number];

/** The report each year's clusters were published in. */
const BENCHMARK_SOURCES: Record<BenchmarkYear, { title: string; url: string }> = {
  2021: {
    title: 'Accelerate State of DevOps Report 2021 (DORA, Google Cloud)',
    url: 'https://dora.dev/research/2021/dora-report/',
  },
  2023: {
    title: 'Accelerate State of DevOps Report 2023 (DORA, Google Cloud)',
    url: 'https://dora.dev/research/2023/dora-report/',
  },
  2024: {
    title: 'Accelerate State of DevOps Report 2024 (DORA, Google Cloud)',
    url: 'https://dora.dev/research/2024/dora-report/',
  },
};

export interface BenchmarkTable {
  year: BenchmarkYear;
  source: { title: string; url: string };
  bands: Omit<BenchmarkBand, 'year'>[];
}

export interface BenchmarkList {
  default_year: number;
  years: BenchmarkTable[];
}

/** Every year's table, or only `year`'s. */
export async function listBenchmarks(db: Queryable, year?: BenchmarkYear): Promise<BenchmarkList> {
  const years = year === undefined ? BENCHMARK_YEARS : [year];
  const tables = await Promise.all(
    years.map(async (each) => ({
      year: each,
      source: BENCHMARK_SOURCES[each],
      bands: (await selectBenchmarkBands(db, each)).map(({ year: _year, ...band }) => band),
    })),
  );
  return { default_year: DEFAULT_BENCHMARK, years: tables };
}

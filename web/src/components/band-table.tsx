/** One metric's DORA bands of one report year, elite to low, the current level marked. */
import { bandsOf, bandWords, LEVEL_ORDER, UNREACHABLE } from '../band-words.ts';
import type { BenchmarkTable, Level } from '../types.ts';

interface Props {
  table: BenchmarkTable;
  metric: string;
  current: Level | null | undefined;
}

export function BandTable({ table, metric, current }: Props) {
  const bands = bandsOf(table.bands, metric);
  return (
    <table class="info-bands" data-bands={metric} data-year={table.year}>
      <caption>DORA {table.year} bands</caption>
      <thead>
        <tr>
          <th scope="col">Level</th>
          <th scope="col">When the value is</th>
        </tr>
      </thead>
      <tbody>
        {LEVEL_ORDER.map((level, index) => {
          const band = bands[index];
          return (
            <tr key={level} data-level={level} data-current={level === current ? '' : undefined}>
              <th scope="row">
                <span class={`badge badge-${level}`}>{level}</span>
                {level === current && <span class="visually-hidden"> (this value)</span>}
              </th>
              <td data-bound={band ? bandWords(band) : ''}>{band ? bandWords(band) : `— ${UNREACHABLE}`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

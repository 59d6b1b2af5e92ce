/**
 * What a metric's "?" says: the definition (quoted from docs/metrics.md), the window and sample the
 * number rests on, and the selected report year's bands for it.
 */
import { formatCount, formatInstant } from '../format.ts';
import { DEFINITIONS } from '../metric-definitions.ts';
import type { MetricDef } from '../metric-defs.ts';
import { Link } from '../router.tsx';
import type { BenchmarkTable, Metrics, Window } from '../types.ts';
import { BandTable } from './band-table.tsx';
import { InfoButton } from './info-button.tsx';

const DAY = 86_400_000;

function windowText(window: Window): string {
  const days = Math.round((Date.parse(window.to) - Date.parse(window.from)) / DAY);
  return `${formatInstant(window.from)} → ${formatInstant(window.to)} UTC (${days} days)`;
}

interface Props {
  def: MetricDef;
  metrics: Metrics;
  table: BenchmarkTable | undefined;
  /** The "?" of the metric's chart rather than its card: it also says how the chart plots. */
  chart?: boolean;
}

const CHART_NOTE =
  'Each point is one bucket computed by the same rule over its own dates. A bucket that is not over yet is dashed and marked so far; deployment frequency is divided by the days the bucket has covered, so a partial bucket is not a drop.';

export function MetricInfo({ def, metrics, table, chart = false }: Props) {
  const definition = DEFINITIONS[def.key];
  if (!definition) return null;
  const window = definition.window(metrics);
  const n = def.sample(metrics);
  const name = def.title.replace(/ \(median\)$/, '').toLowerCase();
  return (
    <InfoButton
      label={chart ? `About the ${name} chart` : `About ${name}`}
      title={chart ? `${def.title}: trend` : def.title}
    >
      <div class="metric-info" data-info={def.key}>
        {definition.sentences.map((sentence) => (
          <p key={sentence} class="definition">
            {sentence}
          </p>
        ))}
        {chart && <p class="muted">{CHART_NOTE}</p>}
        <dl class="info-facts">
          <dt>Window</dt>
          <dd data-window-from={window.from} data-window-to={window.to}>
            {windowText(window)}
          </dd>
          <dt>Sample</dt>
          <dd data-info-n={String(n)}>
            n = {formatCount(n)} {def.sampleLabel}
          </dd>
        </dl>
        {definition.bands === null ? (
          <p class="muted">DORA publishes no performance bands for this metric.</p>
        ) : table ? (
          <>
            <BandTable table={table} metric={definition.bands} current={def.level(metrics)} />
            <p class="info-source">
              Source: <a href={table.source.url}>{table.source.title}</a>. Another year:{' '}
              <Link href="/benchmarks">benchmarks</Link>.
            </p>
          </>
        ) : (
          <p class="muted">The benchmark bands did not load.</p>
        )}
      </div>
    </InfoButton>
  );
}

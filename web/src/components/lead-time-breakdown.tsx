/**
 * Where lead time goes: the median and p75 of each pull-request stage (coding, pickup, review,
 * deploy) as stacked bars, the same numbers in a table with n and the change against the previous
 * period, and the share of changes that came through a pull request.
 */
import { formatChange, formatCount, formatDuration, formatRate } from '../format.ts';
import { STAGE_NOTES, STAGES } from '../metric-definitions.ts';
import type { Metrics, StageFigures } from '../types.ts';
import '../styles/breakdown.css';

type Figure = 'median_seconds' | 'p75_seconds';

function StackedBar({ metrics, figure, scale }: { metrics: Metrics; figure: Figure; scale: number }) {
  return (
    <div class="stack-row">
      <span class="stack-label">{figure === 'median_seconds' ? 'Median' : 'p75'}</span>
      <div class="stack">
        {STAGES.map((stage) => {
          const seconds = metrics.lead_time.stages[stage.key][figure] ?? 0;
          return seconds > 0 ? (
            <span
              key={stage.key}
              class={`stack-part stage-${stage.key}`}
              style={{ width: `${(seconds / scale) * 100}%` }}
              title={`${stage.title}: ${formatDuration(seconds)}`}
            />
          ) : null;
        })}
      </div>
    </div>
  );
}

function Trend({ now, before }: { now: StageFigures; before: StageFigures | undefined }) {
  const current = now.median_seconds;
  const previous = before?.median_seconds ?? null;
  if (current === null || previous === null || previous === 0) return <span class="muted">—</span>;
  const tone = current === previous ? 'same' : current < previous ? 'better' : 'worse';
  return <span class={`change change-${tone}`}>{formatChange(current, previous, 'other')}</span>;
}

const sumOf = (metrics: Metrics, figure: Figure) =>
  STAGES.reduce((sum, stage) => sum + (metrics.lead_time.stages[stage.key][figure] ?? 0), 0);

export function LeadTimeBreakdown({
  current,
  previous,
}: {
  current: Metrics;
  previous: Metrics | undefined;
}) {
  const { n, with_pull_request: withPr, median_seconds: median } = current.lead_time;
  const scale = Math.max(sumOf(current, 'median_seconds'), sumOf(current, 'p75_seconds'));
  return (
    <section class="breakdown" id="lead-time-breakdown" aria-labelledby="breakdown-title">
      <header class="breakdown-head">
        <h2 id="breakdown-title">Lead-time breakdown</h2>
        <p class="breakdown-share" data-with-pr={String(withPr)} data-n={String(n)}>
          {n === 0
            ? 'No change was measured in this window.'
            : `${formatRate(withPr / n)} of changes came through a pull request (${formatCount(withPr)} of ${formatCount(n)})`}
          {median !== null && ` · lead-time median ${formatDuration(median)}`}
        </p>
      </header>
      {scale > 0 && (
        <div class="stacks" aria-hidden="true">
          <StackedBar metrics={current} figure="median_seconds" scale={scale} />
          <StackedBar metrics={current} figure="p75_seconds" scale={scale} />
          <ul class="stack-legend">
            {STAGES.map((stage) => (
              <li key={stage.key}>
                <span class={`swatch stage-${stage.key}`} />
                {stage.title}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="table-wrap" data-scrolls tabIndex={0} role="region" aria-label="Lead-time stages">
        <table class="stage-table">
          <caption class="visually-hidden">
            Pull-request stages of the changes first deployed in this window
          </caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Median</th>
              <th scope="col">p75</th>
              <th scope="col">n</th>
              <th scope="col">Median vs previous</th>
            </tr>
          </thead>
          <tbody>
            {STAGES.map((stage) => {
              const figures = current.lead_time.stages[stage.key];
              return (
                <tr
                  key={stage.key}
                  data-stage={stage.key}
                  data-median={String(figures.median_seconds)}
                  data-p75={String(figures.p75_seconds)}
                  data-n={String(figures.n)}
                >
                  <th scope="row">
                    <span class={`swatch stage-${stage.key}`} aria-hidden="true" />
                    {stage.title}
                    <span class="stage-span">{stage.span}</span>
                  </th>
                  <td>{figures.median_seconds === null ? '—' : formatDuration(figures.median_seconds)}</td>
                  <td>{figures.p75_seconds === null ? '—' : formatDuration(figures.p75_seconds)}</td>
                  <td>{formatCount(figures.n)}</td>
                  <td>
                    <Trend now={figures} before={previous?.lead_time.stages[stage.key]} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {STAGE_NOTES.map((note) => (
        <p key={note} class="breakdown-note">
          {note}
        </p>
      ))}
    </section>
  );
}

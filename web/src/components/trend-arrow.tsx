/** The change of a metric against the previous period: an arrow coloured by better or worse. */
import type { Trend } from '../pages/teams-data.ts';

const ARROWS = { up: '▲', down: '▼', flat: '→' } as const;

export function TrendArrow({ trend }: { trend: Trend | undefined }) {
  if (trend === undefined)
    return (
      <span class="trend trend-none" data-trend="" title="no number to compare in the previous period">
        –
      </span>
    );
  return (
    <span
      class={`trend trend-${trend.tone}`}
      data-trend={trend.direction}
      role="img"
      aria-label={trend.label}
      title={trend.label}
    >
      <span aria-hidden="true">
        {ARROWS[trend.direction]} {trend.change}
      </span>
    </span>
  );
}

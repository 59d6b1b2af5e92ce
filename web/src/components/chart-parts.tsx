/** The trend chart's tooltip (bucket dates, value with unit, n) and its legend. */
import {
  axisNumber,
  bucketDates,
  type AxisUnit,
  type ChartPoint,
  type FrequencyUnit,
} from '../chart-points.ts';
import { formatCount } from '../format.ts';
import type { MetricDef } from '../metric-defs.ts';

/** A point under the cursor, positioned in the chart's frame (CSS pixels). */
export interface Tip {
  index: number;
  left: number;
  top: number;
}

interface TipProps {
  tip: Tip;
  point: ChartPoint;
  value: number;
  axis: AxisUnit;
  sampleLabel: string;
  /** Right half of the chart: the box opens to the left of the point so it stays inside. */
  flip: boolean;
}

export function ChartTip({ tip, point, value, axis, sampleLabel, flip }: TipProps) {
  return (
    <div
      class={`chart-tip${flip ? ' chart-tip-left' : ''}`}
      style={{ left: `${tip.left}px`, top: `${tip.top}px` }}
      data-index={String(tip.index)}
      // The same words reach screen readers through the chart's live region.
      aria-hidden="true"
    >
      <span class="chart-tip-dates">
        {bucketDates(point)}
        {point.soFar && <em> · so far</em>}
      </span>
      <strong class="chart-tip-value" data-value={String(value)}>
        {axisNumber(value)}
        {axis.suffix}
      </strong>
      <span class="chart-tip-n" data-n={String(point.n)}>
        n = {formatCount(point.n)} {point.n === 1 ? sampleLabel.replace(/s$/, '') : sampleLabel}
      </span>
    </div>
  );
}

interface LegendProps {
  def: MetricDef;
  bucket: string;
  frequencyUnit: FrequencyUnit;
  axis: AxisUnit;
  last: ChartPoint | undefined;
  /** The report year whose level bounds are drawn, if any are. */
  bandYear: number | undefined;
}

export function ChartLegend({ def, bucket, frequencyUnit, axis, last, bandYear }: LegendProps) {
  return (
    <ul class="chart-legend">
      <li>
        <span class="key key-line" aria-hidden="true" />
        {def.unit === 'frequency' ? `deployments per ${frequencyUnit}, as the card` : axis.label}
      </li>
      {last?.soFar && (
        <li data-so-far="">
          <span class="key key-so-far" aria-hidden="true" />
          {bucketDates(last)}: so far ({bucket} not over)
        </li>
      )}
      {bandYear !== undefined && (
        <li>
          <span class="key key-band" aria-hidden="true" />
          DORA {bandYear} level bounds
        </li>
      )}
      {def.unit === 'frequency' && <li>levels grade deploy-days per week, not this count</li>}
    </ul>
  );
}

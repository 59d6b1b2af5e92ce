/** A tiny SVG line of a series (gaps where a bucket has no sample); decorative beside the number. */
import type { SeriesPoint } from '../types.ts';

const WIDTH = 120;
const HEIGHT = 32;

export function Sparkline({ points }: { points: SeriesPoint[] }) {
  const values = points.map((point) => point.value);
  const max = Math.max(0, ...values.filter((value): value is number => value !== null));
  if (points.length < 2 || max === 0)
    return <svg class="sparkline" width={WIDTH} height={HEIGHT} aria-hidden="true" />;
  const step = WIDTH / (points.length - 1);
  const segments: string[] = [];
  let current = '';
  values.forEach((value, index) => {
    if (value === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    const y = HEIGHT - 2 - (value / max) * (HEIGHT - 4);
    current += `${current ? 'L' : 'M'}${(index * step).toFixed(1)},${y.toFixed(1)}`;
  });
  if (current) segments.push(current);
  return (
    <svg
      class="sparkline"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      aria-hidden="true"
    >
      {segments.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

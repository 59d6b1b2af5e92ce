/** The DORA performance level of a value, from the benchmark year the API used. */
import type { Level } from '../types.ts';

export function LevelBadge({ level }: { level: Level | null | undefined }) {
  if (level === undefined) return <span class="badge badge-none">no DORA band</span>;
  if (level === null) return <span class="badge badge-none">no level</span>;
  return <span class={`badge badge-${level}`}>{level}</span>;
}

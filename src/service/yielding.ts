/**
 * Collects a lazily computed sequence while letting the event loop run: after every `sliceMs` of
 * work, one `setImmediate` turn, so `/healthz` and other requests are answered during a 10-year
 * daily series instead of after it (DESIGN.md §1: no request does unbounded work at once).
 */
import { setImmediate as turn } from 'node:timers/promises';

const SLICE_MS = 10;

export async function collectYielding<T>(items: Iterable<T>, sliceMs = SLICE_MS): Promise<T[]> {
  const collected: T[] = [];
  let sliceStart = performance.now();
  for (const item of items) {
    collected.push(item);
    if (performance.now() - sliceStart >= sliceMs) {
      await turn();
      sliceStart = performance.now();
    }
  }
  return collected;
}

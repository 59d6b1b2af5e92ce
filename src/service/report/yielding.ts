/**
 * Collects a lazily computed sequence while letting the event loop run: after every `sliceMs` of
 * work, one `setImmediate` turn, so `/healthz` and other requests are answered during a 10-year
 * daily series instead of after it (DESIGN.md §1: no request does unbounded work at once).
 */
import { setImmediate as turn } from 'node:timers/promises';

/** Short: on a loaded 2-core machine a slice's CPU time can take several times as long in wall time. */
const SLICE_MS = 5;

/** Undefined items are steps of work with nothing to collect: a chance to yield, then skipped. */
export async function collectYielding<T>(items: Iterable<T | undefined>, sliceMs = SLICE_MS): Promise<T[]> {
  const collected: T[] = [];
  let sliceStart = performance.now();
  for (const item of items) {
    if (item !== undefined) collected.push(item);
    if (performance.now() - sliceStart >= sliceMs) {
      await turn();
      sliceStart = performance.now();
    }
  }
  return collected;
}

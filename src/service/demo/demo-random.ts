/**
 * The demo's source of chance: mulberry32, a 32-bit seeded generator, so one seed always yields the
 * same history (Math.random cannot be seeded). Quality is ample for sample data, not for secrets.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Log-normally spread around `median` (half of the draws within ×/÷ `spread`^0.67). */
  around(median: number, spread: number): number;
  /** 40 hex digits, like a git commit id. */
  sha(): string;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const word = () => Math.floor(next() * 4294967296);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    around(median, spread) {
      // Box–Muller: a standard normal from two uniforms (1 - u keeps the logarithm finite).
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(normal * Math.log(spread));
    },
    sha: () => Array.from({ length: 5 }, () => word().toString(16).padStart(8, '0')).join(''),
  };
}

/** A 32-bit mix of several numbers (the seed and the end instant), to seed a generator from both. */
export function mixSeed(...values: number[]): number {
  let hash = 0x811c9dc5;
  for (const value of values) {
    for (const part of [value % 4294967296, Math.floor(value / 4294967296)]) {
      hash = Math.imul(hash ^ (part >>> 0), 0x01000193) >>> 0;
      hash ^= hash >>> 13;
    }
  }
  return hash >>> 0;
}

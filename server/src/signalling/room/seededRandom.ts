/** mulberry32: a small seedable PRNG, the same sequence on every machine, so a failing random
 * sequence replays by its seed. Tests only (the room fuzzes here; the integration fuzzes and canary
 * matrices through tests/helpers/prng.ts). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random choices from one seeded sequence (the fuzz harnesses extend it). */
export class Dice {
  readonly rnd: () => number;

  constructor(readonly seed: number) {
    this.rnd = seededRandom(seed);
  }

  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }

  pick<T>(xs: readonly T[]): T | undefined {
    return xs.length === 0 ? undefined : xs[this.int(xs.length)];
  }

  chance(p: number): boolean {
    return this.rnd() < p;
  }
}

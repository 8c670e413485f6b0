/**
 * A small seeded PRNG (mulberry32) and the draws the fuzzer makes with it. Every case gets its own
 * generator derived from the run's seed and the case's index, so one case replays alone
 * (`--seed S --case N`) without running the ones before it.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator of case `index` of a run seeded with `seed`. */
  static forCase(seed: number, index: number): Random {
    return new Random(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(0, items.length - 1)]!;
  }

  /** Picks by weight: `[[weight, value], …]`. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, value] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }

  bytes(length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }

  /** Printable ASCII, sometimes with characters that need escaping in JSON, XML or a URL. */
  text(maxLength: number): string {
    const length = this.int(0, maxLength);
    let out = "";
    for (let i = 0; i < length; i++) {
      out += this.chance(0.9)
        ? String.fromCharCode(this.int(0x61, 0x7a))
        : this.pick([
            "<",
            ">",
            "&",
            '"',
            "'",
            "\\",
            "%",
            "+",
            "=",
            ".",
            "/",
            "\u00e9",
            "\u2603",
            "\u{1f600}",
            "\n",
          ]);
    }
    return out;
  }
}

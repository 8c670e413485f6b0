/**
 * The draws the fuzzer makes. Every case gets its own generator derived from the run's seed and
 * the case's index, so one case replays alone (`--seed S --case N`) without running the ones
 * before it.
 */
import { Prng } from "../test/support/prng.ts";

export class Random extends Prng {
  /** The generator of case `index` of a run seeded with `seed`. */
  static forCase(seed: number, index: number): Random {
    return new Random(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
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

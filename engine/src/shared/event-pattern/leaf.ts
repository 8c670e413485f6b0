/**
 * One leaf value of an event (string, number, boolean or null) at one pattern path, with the
 * array elements it sits in. Views a matcher may need (the number's value in millionths, the
 * string as an IP address) are worked out once, on first use.
 */
import { ipHex } from "./ip.ts";
import { comparableFromNumber } from "./numbers.ts";

export type LeafValue = string | number | boolean | null;

/** Which element of which array a leaf was found in; `parent` is the enclosing array's step. */
export interface ArrayStep {
  readonly array: number;
  readonly index: number;
  readonly parent: ArrayStep | null;
}

const NOT_YET = Symbol("not yet");

export class EventLeaf {
  private micros: number | undefined | typeof NOT_YET = NOT_YET;
  private ip: string | undefined | typeof NOT_YET = NOT_YET;

  constructor(
    readonly value: LeafValue,
    readonly arrays: ArrayStep | null,
  ) {}

  /** The number in millionths when event-ruler would compare it by value. */
  comparable(): number | undefined {
    if (this.micros === NOT_YET) {
      this.micros = typeof this.value === "number" ? comparableFromNumber(this.value) : undefined;
    }
    return this.micros;
  }

  /** The string as an address (hex) when it is an IP address literal. */
  address(): string | undefined {
    if (this.ip === NOT_YET) this.ip = typeof this.value === "string" ? ipHex(this.value) : undefined;
    return this.ip;
  }
}

export type LeafTest = (leaf: EventLeaf) => boolean;

/**
 * Matching an event against compiled alternatives, with event-ruler's `rulesForJSONEvent`
 * semantics:
 * - only leaves count (strings, numbers, booleans, null): a path whose event value is an object
 *   is absent, so `exists: true` fails on it and `exists: false` holds;
 * - arrays are "crushed out": each element stands at the array's own path, and an empty array
 *   leaves its path absent;
 * - event keys join with dots as pattern keys do, so `{"a.b": 1}` is found at `a.b`;
 * - two fields matched inside objects that are different elements of the same array do not
 *   count as a match together (`{"employees": {"first": ["Anna"], "last": ["Jones"]}}` needs one
 *   employee with both);
 * - `exists: false` holds when the path has no leaf anywhere in the event.
 *
 * The event is walked once per call, only down paths the pattern names.
 */
import type { Alternative } from "./compile.ts";
import { type ArrayStep, EventLeaf, type LeafTest } from "./leaf.ts";

interface PathNode {
  readonly children: Map<string, PathNode>;
  /** Index of this path's leaves in a walk, or -1 when the pattern names no field here. */
  slot: number;
}

/** One path of one alternative. */
interface Term {
  readonly slot: number;
  /** `exists: true` listed: any leaf will do. */
  readonly anyLeaf: boolean;
  /** `exists: false` listed: no leaf at all will do. */
  readonly absentOk: boolean;
  readonly test: LeafTest;
}

export class CompiledMatcher {
  private readonly root: PathNode = { children: new Map(), slot: -1 };
  private readonly alternatives: Term[][];
  readonly paths: string[] = [];

  constructor(alternatives: readonly Alternative[]) {
    this.alternatives = alternatives.map((alternative) =>
      [...alternative].map(([path, values]) => {
        const tests: LeafTest[] = [];
        let anyLeaf = false;
        let absentOk = false;
        for (const value of values) {
          if ("test" in value) tests.push(value.test);
          else if (value.exists) anyLeaf = true;
          else absentOk = true;
        }
        const test: LeafTest = tests.length === 1 ? tests[0]! : (leaf) => tests.some((t) => t(leaf));
        return { slot: this.slotOf(path), anyLeaf, absentOk, test };
      }),
    );
  }

  matches(event: unknown): boolean {
    const walk = new EventWalk(this.paths.length);
    walk.visit(event, this.root, null);
    return this.alternatives.some((terms) => satisfied(terms, walk.leaves));
  }

  private slotOf(path: string): number {
    let node = this.root;
    for (const segment of path.split(".")) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map(), slot: -1 };
        node.children.set(segment, child);
      }
      node = child;
    }
    if (node.slot < 0) {
      node.slot = this.paths.length;
      this.paths.push(path);
    }
    return node.slot;
  }
}

class EventWalk {
  readonly leaves: Array<EventLeaf[] | undefined>;
  private arrays = 0;

  constructor(slots: number) {
    this.leaves = new Array(slots);
  }

  private add(slot: number, leaf: EventLeaf): void {
    const present = this.leaves[slot];
    if (present) present.push(leaf);
    else this.leaves[slot] = [leaf];
  }

  visit(value: unknown, node: PathNode, arrays: ArrayStep | null): void {
    if (
      value === null ||
      typeof value === "string" ||
      typeof value === "number" ||
      typeof value === "boolean"
    ) {
      if (node.slot >= 0) this.add(node.slot, new EventLeaf(value, arrays));
    } else if (Array.isArray(value)) {
      const array = this.arrays++;
      for (let index = 0; index < value.length; index++) {
        this.visit(value[index], node, { array, index, parent: arrays });
      }
    } else if (typeof value === "object" && node.children.size > 0) {
      for (const key of Object.keys(value)) {
        const child = descend(node, key);
        if (child) this.visit((value as Record<string, unknown>)[key], child, arrays);
      }
    }
  }
}

function descend(node: PathNode, key: string): PathNode | undefined {
  if (!key.includes(".")) return node.children.get(key);
  let current: PathNode | undefined = node;
  for (const segment of key.split(".")) {
    current = current.children.get(segment);
    if (!current) return undefined;
  }
  return current;
}

function satisfied(terms: readonly Term[], leaves: ReadonlyArray<EventLeaf[] | undefined>): boolean {
  // Candidates inside arrays, per term, when no candidate of that term is free of arrays.
  const constrained: EventLeaf[][] = [];
  for (const term of terms) {
    const present = leaves[term.slot];
    if (!present) {
      if (term.absentOk) continue;
      return false;
    }
    const candidates = term.anyLeaf ? present : present.filter(term.test);
    if (candidates.length === 0) return false;
    if (candidates.some((leaf) => leaf.arrays === null)) continue;
    constrained.push(candidates);
  }
  if (constrained.length <= 1) return true;
  constrained.sort((a, b) => a.length - b.length);
  return chooseConsistently(constrained, 0, new Map());
}

/** Picks one candidate per term so that no two sit in different elements of one array. */
function chooseConsistently(lists: readonly EventLeaf[][], at: number, chosen: Map<number, number>): boolean {
  const list = lists[at];
  if (!list) return true;
  for (const leaf of list) {
    const added: number[] = [];
    let fits = true;
    for (let step = leaf.arrays; step; step = step.parent) {
      const index = chosen.get(step.array);
      if (index === undefined) {
        chosen.set(step.array, step.index);
        added.push(step.array);
      } else if (index !== step.index) {
        fits = false;
        break;
      }
    }
    if (fits && chooseConsistently(lists, at + 1, chosen)) return true;
    for (const array of added) chosen.delete(array);
  }
  return false;
}

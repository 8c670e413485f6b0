/**
 * Applies a projection: the result holds only the requested paths, each at the same place in the
 * document. Projected list elements keep their order and close up ("a[1], a[3]" of a four-element
 * list gives a two-element list); paths that do not exist are left out.
 */
import type { AttributeValue, Item } from "../values/index.ts";
import { readPath } from "./document-path.ts";
import type { DocumentPath, ParsedProjection } from "./model.ts";

/** While building, a projected list is sparse: original index → element. */
type Draft = { M: Map<string, Draft | AttributeValue> } | { L: Map<number, Draft | AttributeValue> };

export function project(item: Item, projection: ParsedProjection): Item {
  const root: Draft = { M: new Map() };
  for (const path of projection.paths) {
    const value = readPath(item, path);
    if (value !== undefined) place(root, path, value);
  }
  return finishMap(root as { M: Map<string, Draft | AttributeValue> });
}

function place(root: Draft, path: DocumentPath, value: AttributeValue): void {
  let node: Draft = root;
  path.forEach((step, i) => {
    const last = i === path.length - 1;
    const children = ("M" in node ? node.M : node.L) as Map<string | number, Draft | AttributeValue>;
    if (last) {
      children.set(step, value);
      return;
    }
    let child = children.get(step) as Draft | undefined;
    if (!child) {
      child = typeof path[i + 1] === "number" ? { L: new Map() } : { M: new Map() };
      children.set(step, child);
    }
    node = child;
  });
}

function finish(node: Draft | AttributeValue): AttributeValue {
  if ("M" in node && node.M instanceof Map)
    return { M: finishMap(node as { M: Map<string, Draft | AttributeValue> }) };
  if ("L" in node && node.L instanceof Map) {
    const entries = [...(node.L as Map<number, Draft | AttributeValue>).entries()].sort(([a], [b]) => a - b);
    return { L: entries.map(([, child]) => finish(child)) };
  }
  return node as AttributeValue;
}

function finishMap(node: { M: Map<string, Draft | AttributeValue> }): Item {
  const out: Item = {};
  for (const [name, child] of node.M) out[name] = finish(child);
  return out;
}

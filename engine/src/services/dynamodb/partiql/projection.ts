/**
 * A SELECT list: `*`, or attribute paths. AWS names each result attribute after the last name of
 * its path (`SELECT mymap.nested` returns `{"nested": …}`), not after the whole document path.
 */
import { ValidationException } from "../errors.ts";
import type { DocumentPath } from "../expressions/index.ts";
import type { AttributeValue, Item } from "../values/index.ts";
import type { SelectStatement } from "./ast.ts";
import { at, MESSAGES } from "./messages.ts";
import { documentPath, isPath } from "./paths.ts";

export interface SelectList {
  readonly items: readonly { readonly name: string; readonly path: DocumentPath }[];
}

/** Undefined for `*`. */
export function compileSelectList(
  projection: SelectStatement["projection"],
  parameters: readonly AttributeValue[],
): SelectList | undefined {
  if (projection === undefined) return undefined;
  const items = projection.map(({ expr, alias }, i) => {
    if (alias !== undefined) throw new ValidationException(MESSAGES.aliasing);
    if (!isPath(expr)) throw at("Unexpected path component", expr.position);
    const path = documentPath(expr, parameters);
    const last = path[path.length - 1];
    return { name: typeof last === "string" ? last : `_${i + 1}`, path };
  });
  const seen = new Set<string>();
  for (const { name } of items) {
    if (seen.has(name)) throw new ValidationException(`Duplicate identifiers in select clause: ${name}`);
    seen.add(name);
  }
  return { items };
}

export function applySelectList(item: Item, list: SelectList | undefined): Item {
  if (!list) return item;
  const out: Item = {};
  for (const { name, path } of list.items) {
    const value = readPath(item, path);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function readPath(item: Item, path: DocumentPath): AttributeValue | undefined {
  let current = { M: item } as AttributeValue | undefined;
  for (const step of path) {
    if (current === undefined) return undefined;
    if (typeof step === "number") current = "L" in current ? current.L[step] : undefined;
    else current = "M" in current && Object.hasOwn(current.M, step) ? current.M[step] : undefined;
  }
  return current;
}

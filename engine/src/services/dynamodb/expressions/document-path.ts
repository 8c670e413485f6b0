/** Document paths: reading them from an item, printing them in messages, and checking overlaps. */
import type { AttributeValue, Item } from "../values/index.ts";
import type { ExpressionKind } from "./kinds.ts";
import { invalidExpression } from "./kinds.ts";
import type { DocumentPath } from "./model.ts";

/** The value at `path`, or undefined when any step is missing or of the wrong kind. */
export function readPath(item: Item | undefined, path: DocumentPath): AttributeValue | undefined {
  if (!item) return undefined;
  const [head, ...rest] = path;
  if (typeof head !== "string" || !Object.hasOwn(item, head)) return undefined;
  let current: AttributeValue | undefined = item[head];
  for (const step of rest) {
    if (current === undefined) return undefined;
    if (typeof step === "number") current = "L" in current ? current.L[step] : undefined;
    else current = "M" in current && Object.hasOwn(current.M, step) ? current.M[step] : undefined;
  }
  return current;
}

/** AWS prints a path as "[a, [0], b]": names bare, list indexes bracketed. */
export const renderPath = (path: DocumentPath): string =>
  `[${path.map((step) => (typeof step === "number" ? `[${step}]` : step)).join(", ")}]`;

/**
 * Rejects two paths of one expression that overlap (one is, or contains, the other) or conflict
 * (one treats a step as a list index, the other as a map key). AWS reports an overlap before any
 * conflict, naming the earlier path first.
 */
export function checkDistinctPaths(kind: ExpressionKind, paths: readonly DocumentPath[]): void {
  let conflict: string | undefined;
  for (let later = 1; later < paths.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      const relation = relate(paths[earlier]!, paths[later]!);
      const pair = `path one: ${renderPath(paths[earlier]!)}, path two: ${renderPath(paths[later]!)}`;
      if (relation === "overlap") {
        throw invalidExpression(
          kind,
          `Two document paths overlap with each other; must remove or rewrite one of these paths; ${pair}`,
        );
      }
      if (relation === "conflict" && conflict === undefined) {
        conflict = `Two document paths conflict with each other; must remove or rewrite one of these paths; ${pair}`;
      }
    }
  }
  if (conflict !== undefined) throw invalidExpression(kind, conflict);
}

function relate(a: DocumentPath, b: DocumentPath): "overlap" | "conflict" | "distinct" {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    if (typeof a[i] !== typeof b[i]) return "conflict";
    if (a[i] !== b[i]) return "distinct";
  }
  return "overlap";
}

/** Projection expressions: path (',' path)* — no functions, no values. */
import type { PathNode } from "./ast.ts";
import { parsePath } from "./parse-operand.ts";
import type { Parser } from "./parser.ts";

export function parseProjectionTokens(parser: Parser): PathNode[] {
  const paths: PathNode[] = [];
  do paths.push(parsePath(parser));
  while (parser.accept(","));
  return paths;
}

/**
 * The parse tree, before placeholders are resolved and operators are checked. Names stay as
 * written (#placeholders unresolved) so validation can report them.
 */
export type PathSegment =
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "placeholder"; readonly name: string }
  | { readonly kind: "index"; readonly index: number };

export interface PathNode {
  readonly kind: "path";
  readonly segments: readonly PathSegment[];
}

export interface ValueNode {
  readonly kind: "value";
  readonly name: string;
}

export interface CallNode {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly OperandNode[];
  /** Inside another operator or function (AWS's "nesting level" > 0); settled before the walk checks run. */
  nested: boolean;
}

export interface ArithmeticNode {
  readonly kind: "arithmetic";
  readonly op: "+" | "-";
  readonly left: OperandNode;
  readonly right: OperandNode;
}

export type OperandNode = PathNode | ValueNode | CallNode | ArithmeticNode;

export type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";

export type ConditionNode =
  | {
      readonly kind: "compare";
      readonly op: Comparator;
      readonly left: OperandNode;
      readonly right: OperandNode;
    }
  | {
      readonly kind: "between";
      readonly operand: OperandNode;
      readonly lower: OperandNode;
      readonly upper: OperandNode;
    }
  | { readonly kind: "in"; readonly operand: OperandNode; readonly candidates: readonly OperandNode[] }
  | { readonly kind: "function"; readonly call: CallNode }
  | { readonly kind: "not"; readonly operand: ConditionNode }
  | { readonly kind: "and" | "or"; readonly left: ConditionNode; readonly right: ConditionNode };

export type UpdateActionNode =
  | { readonly kind: "SET"; readonly path: PathNode; readonly value: OperandNode }
  | { readonly kind: "REMOVE"; readonly path: PathNode }
  | { readonly kind: "ADD" | "DELETE"; readonly path: PathNode; readonly value: ValueNode };

/**
 * Expressions after validation: placeholders resolved, operators checked. These are what the
 * evaluators run and what the legacy parameters (Expected, AttributeUpdates, …) compile to.
 */
import type { AttributeValue } from "../values/index.ts";
import type { Comparator } from "./ast.ts";

/** Attribute names as strings, list indexes as numbers: a.b[2] is ["a", "b", 2]. */
export type DocumentPath = readonly (string | number)[];

export type Operand =
  | { readonly kind: "path"; readonly path: DocumentPath }
  | { readonly kind: "value"; readonly value: AttributeValue }
  | { readonly kind: "size"; readonly operand: Operand }
  | { readonly kind: "if_not_exists"; readonly path: DocumentPath; readonly fallback: Operand }
  | { readonly kind: "list_append"; readonly left: Operand; readonly right: Operand }
  | { readonly kind: "arithmetic"; readonly op: "+" | "-"; readonly left: Operand; readonly right: Operand };

export type Condition =
  | { readonly kind: "compare"; readonly op: Comparator; readonly left: Operand; readonly right: Operand }
  | { readonly kind: "between"; readonly operand: Operand; readonly lower: Operand; readonly upper: Operand }
  | { readonly kind: "in"; readonly operand: Operand; readonly candidates: readonly Operand[] }
  | { readonly kind: "attribute_exists" | "attribute_not_exists"; readonly path: DocumentPath }
  | { readonly kind: "attribute_type"; readonly target: Operand; readonly type: string }
  | { readonly kind: "begins_with"; readonly target: Operand; readonly prefix: Operand }
  | { readonly kind: "contains"; readonly target: Operand; readonly operand: Operand }
  | { readonly kind: "not"; readonly operand: Condition }
  | { readonly kind: "and" | "or"; readonly left: Condition; readonly right: Condition };

export interface ParsedCondition {
  readonly condition: Condition;
  /** Every document path the condition reads (for the caller's key-attribute rules). */
  readonly paths: readonly DocumentPath[];
}

export type UpdateAction =
  | { readonly kind: "SET"; readonly path: DocumentPath; readonly value: Operand }
  | { readonly kind: "REMOVE"; readonly path: DocumentPath }
  | { readonly kind: "ADD" | "DELETE"; readonly path: DocumentPath; readonly value: AttributeValue };

export interface ParsedUpdate {
  readonly actions: readonly UpdateAction[];
  /** AttributeUpdates semantics: "Type mismatch for attribute to update", ADD appends lists, DELETE without a value removes. */
  readonly legacy: boolean;
  /** The paths the update writes, in order (for ReturnValues UPDATED_* and the key-attribute rules). */
  readonly paths: readonly DocumentPath[];
}

export interface ParsedProjection {
  readonly paths: readonly DocumentPath[];
}

/** A key condition in the form the storage layer queries with. */
export type RangeOperator = "=" | "<" | "<=" | ">" | ">=" | "BETWEEN" | "BEGINS_WITH";

export interface KeyCondition {
  readonly hash: AttributeValue;
  readonly range?: { readonly op: RangeOperator; readonly values: AttributeValue[] };
}

export interface KeySchemaNames {
  readonly hashKey: string;
  readonly rangeKey?: string | undefined;
  /** Declared key types, when known: a condition value of another type is rejected. */
  readonly hashType?: "S" | "N" | "B" | undefined;
  readonly rangeType?: "S" | "N" | "B" | undefined;
}

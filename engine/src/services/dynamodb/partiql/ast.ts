/** The PartiQL parse tree: what the parser read, before DynamoDB's rules are applied to it. */
import type { Position } from "./messages.ts";

export type PathStep =
  | { readonly kind: "name"; readonly name: string; readonly position: Position }
  | { readonly kind: "index"; readonly index: Expr; readonly position: Position }
  | { readonly kind: "wildcard"; readonly position: Position };

export type LiteralType = "string" | "number" | "boolean" | "null" | "missing";

export type Expr =
  | {
      readonly kind: "literal";
      readonly type: LiteralType;
      readonly text: string;
      readonly position: Position;
    }
  | { readonly kind: "parameter"; readonly index: number; readonly position: Position }
  | {
      readonly kind: "identifier";
      readonly name: string;
      readonly quoted: boolean;
      readonly position: Position;
    }
  | {
      readonly kind: "path";
      readonly root: Expr;
      readonly steps: readonly PathStep[];
      readonly position: Position;
    }
  | { readonly kind: "list" | "bag"; readonly items: readonly Expr[]; readonly position: Position }
  | {
      readonly kind: "struct";
      readonly fields: readonly { readonly key: Expr; readonly value: Expr }[];
      readonly position: Position;
    }
  | {
      readonly kind: "call";
      readonly name: string;
      readonly args: readonly Expr[];
      readonly position: Position;
    }
  | {
      readonly kind: "unary";
      readonly op: "not" | "-" | "+";
      readonly operand: Expr;
      readonly position: Position;
    }
  | {
      readonly kind: "binary";
      /** Lower-case operator: "and", "or", "=", "<>", "<", "+", "in", "not_in", "like", … ("!=" is read as "<>"). */
      readonly op: string;
      readonly left: Expr;
      readonly right: Expr;
      readonly position: Position;
    }
  | {
      readonly kind: "between";
      readonly negated: boolean;
      readonly operand: Expr;
      readonly lower: Expr;
      readonly upper: Expr;
      readonly position: Position;
    }
  | {
      readonly kind: "is";
      readonly negated: boolean;
      readonly operand: Expr;
      /** The type name, lower-case ("missing", "null", "int4", "double precision", …). */
      readonly type: string;
      readonly position: Position;
    }
  /** A statement where an expression was expected (a sub-SELECT, a FROM-first DML). */
  | { readonly kind: "statement"; readonly statement: Statement; readonly position: Position };

/** `"table"` or `"table"."index"` (more components are rejected by the translator). */
export interface Source {
  readonly expr: Expr;
  readonly alias: string | undefined;
  /** Further comma-separated sources (a join, which DynamoDB rejects). */
  readonly joined: boolean;
}

export type ReturnValues = "ALL OLD" | "MODIFIED OLD" | "ALL NEW" | "MODIFIED NEW";

export type UpdateClause =
  | { readonly kind: "SET"; readonly target: Expr; readonly value: Expr; readonly position: Position }
  | { readonly kind: "REMOVE"; readonly target: Expr; readonly position: Position };

export interface OrderItem {
  readonly expr: Expr;
  readonly descending: boolean;
}

export interface SelectStatement {
  readonly kind: "select";
  /** Undefined for `*`. */
  readonly projection: readonly { readonly expr: Expr; readonly alias: string | undefined }[] | undefined;
  readonly value: boolean;
  readonly distinct: boolean;
  readonly source: Source;
  readonly where: Expr | undefined;
  readonly orderBy: readonly OrderItem[] | undefined;
  /** Clauses DynamoDB does not support, in the order it rejects them. */
  readonly unsupported: readonly ("GROUP BY" | "HAVING" | "LIMIT" | "OFFSET")[];
}

export interface InsertStatement {
  readonly kind: "insert";
  readonly source: Source;
  /** The VALUE expression, or the bag of items of `INSERT INTO t <<…>>` (rejected). */
  readonly value: Expr;
  readonly single: boolean;
  readonly at: boolean;
  readonly onConflict: boolean;
  readonly returning: ReturnValues | undefined;
}

export interface UpdateStatement {
  readonly kind: "update";
  readonly source: Source;
  readonly clauses: readonly UpdateClause[];
  readonly where: Expr | undefined;
  readonly returning: ReturnValues | undefined;
}

export interface DeleteStatement {
  readonly kind: "delete";
  readonly source: Source;
  readonly where: Expr | undefined;
  readonly returning: ReturnValues | undefined;
}

/** Anything else the parser accepted as a statement: a bare expression, EXISTS(SELECT …). */
export interface ExpressionStatement {
  readonly kind: "expression";
  readonly expr: Expr;
}

export type Statement =
  | SelectStatement
  | InsertStatement
  | UpdateStatement
  | DeleteStatement
  | ExpressionStatement;

export interface ParsedStatement {
  readonly statement: Statement;
  /** How many `?` the statement holds. */
  readonly parameterCount: number;
}

/** The template document, as CloudFormation defines its sections. Values stay `unknown` until checked. */

export interface ParameterDeclaration {
  Type?: unknown;
  Default?: unknown;
  AllowedValues?: unknown;
  AllowedPattern?: unknown;
  ConstraintDescription?: unknown;
  Description?: unknown;
  MinLength?: unknown;
  MaxLength?: unknown;
  MinValue?: unknown;
  MaxValue?: unknown;
  NoEcho?: unknown;
}

export interface ResourceDeclaration {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: unknown;
  Metadata?: Record<string, unknown>;
  Condition?: unknown;
  DeletionPolicy?: unknown;
  UpdateReplacePolicy?: unknown;
  CreationPolicy?: unknown;
  UpdatePolicy?: unknown;
}

export interface OutputDeclaration {
  Value?: unknown;
  Description?: unknown;
  Condition?: unknown;
  Export?: { Name?: unknown };
}

export interface Template {
  AWSTemplateFormatVersion?: unknown;
  Description?: unknown;
  Metadata?: unknown;
  Transform?: unknown;
  Parameters?: Record<string, ParameterDeclaration>;
  Rules?: unknown;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<string, ResourceDeclaration>;
  Outputs?: Record<string, OutputDeclaration>;
}

/** A parameter's value once resolved: lists (CommaDelimitedList, List<…>) are split. */
export interface ResolvedParameter {
  type: string;
  /** The value as given (a list as its comma-separated text). */
  text: string;
  value: string | string[];
  noEcho: boolean;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

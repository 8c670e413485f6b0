/**
 * What template evaluation works with: the value AWS::NoValue stands for, a value only deployment
 * can tell (`Unknown`), and how Ref and Fn::GetAtt reach parameters, resources and exports.
 */
import { isRecord, type ResolvedParameter, type Template } from "./types.ts";

export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

/** A value only deployment can tell (a resource's id or attribute before it exists). */
export class Unknown {
  constructor(readonly source: string) {}
}

export interface PseudoParameters {
  accountId: string;
  region: string;
  stackName: string;
  stackId: string;
  notificationArns: string[];
}

/** How Ref and Fn::GetAtt reach the stack's resources. */
export interface ResourceLookup {
  /** Whether the template declares this resource and its condition holds. */
  has(logicalId: string): boolean;
  ref(logicalId: string): string | Unknown;
  getAtt(logicalId: string, attribute: string): unknown;
}

export interface ResolveContext {
  parameters: ReadonlyMap<string, ResolvedParameter>;
  pseudo: PseudoParameters;
  mappings: Template["Mappings"];
  condition(name: string): boolean;
  resources: ResourceLookup;
  importValue(name: string): string | Unknown;
}

export const containsUnknown = (value: unknown): boolean =>
  value instanceof Unknown ||
  (Array.isArray(value) && value.some(containsUnknown)) ||
  (isRecord(value) && Object.values(value).some(containsUnknown));

/** A resolved scalar as CloudFormation turns it into text. */
export function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

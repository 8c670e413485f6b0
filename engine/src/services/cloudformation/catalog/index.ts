/**
 * Every resource type CloudFormation recognizes, the attributes Fn::GetAtt may read from each, and
 * the properties whose change replaces the resource; generated from AWS's resource schemas (see
 * generate.ts). A type outside it is "Unrecognized"; a type inside it that the engine has no
 * provider for is recognized, and fails when deployed.
 */
import catalog from "./resource-types.json" with { type: "json" };

const { attributes, createOnly } = catalog as {
  attributes: Record<string, string[]>;
  createOnly: Record<string, string[]>;
};
const patterns = new Map<string, RegExp[]>();

/** `Custom::Name` types are custom resources: always recognized, any attribute. */
const CUSTOM_TYPE = /^Custom::[A-Za-z0-9_@-]{1,60}$/;

export function isKnownResourceType(type: string): boolean {
  return Object.hasOwn(attributes, type) || CUSTOM_TYPE.test(type);
}

/** Whether Fn::GetAtt may read `attribute` of a `type` resource (types outside the catalog: true). */
export function supportsAttribute(type: string, attribute: string): boolean {
  if (CUSTOM_TYPE.test(type) || !Object.hasOwn(attributes, type)) return true;
  const names = attributes[type]!;
  if (names.includes(attribute)) return true;
  let compiled = patterns.get(type);
  if (!compiled) {
    // Schema attributes with wildcards (`Outputs\..*`, `Items.*.Arn`) are patterns.
    compiled = names.filter((n) => /[*\\]/.test(n)).map((n) => new RegExp(`^(?:${n})$`));
    patterns.set(type, compiled);
  }
  return compiled.some((pattern) => pattern.test(attribute));
}

/** Top-level properties whose change means a new physical resource (AWS: "Update requires: Replacement"). */
export function replacingProperties(type: string): readonly string[] {
  return Object.hasOwn(createOnly, type) ? createOnly[type]! : [];
}

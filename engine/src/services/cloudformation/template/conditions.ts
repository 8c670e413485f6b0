/**
 * The Conditions section, evaluated once per deployment from the parameter values. A condition
 * may name other conditions; each is evaluated once. AWS: conditions-section-structure.
 */
import { ValidationError } from "../errors.ts";
import { evaluateCondition, type PseudoParameters, type ResolveContext } from "./intrinsics.ts";
import type { ResolvedParameter, Template } from "./types.ts";

export function evaluateConditions(
  template: Template,
  parameters: ReadonlyMap<string, ResolvedParameter>,
  pseudo: PseudoParameters,
): Map<string, boolean> {
  const definitions = template.Conditions ?? {};
  const results = new Map<string, boolean>();
  const evaluating = new Set<string>();
  const ctx: ResolveContext = {
    parameters,
    pseudo,
    mappings: template.Mappings,
    condition(name) {
      const known = results.get(name);
      if (known !== undefined) return known;
      if (!Object.hasOwn(definitions, name)) {
        throw new ValidationError(`Template error: unresolved condition dependency ${name} in Fn::If`);
      }
      if (evaluating.has(name)) {
        throw new ValidationError(`Template error: Circular dependency between conditions: [${name}]`);
      }
      evaluating.add(name);
      const value = evaluateCondition(definitions[name], ctx);
      evaluating.delete(name);
      results.set(name, value);
      return value;
    },
    resources: {
      has: () => false,
      ref: (id) => id,
      getAtt: () => undefined,
    },
    importValue() {
      throw new ValidationError("Template error: Cannot use Fn::ImportValue in Conditions.");
    },
  };
  for (const name of Object.keys(definitions)) ctx.condition(name);
  return results;
}

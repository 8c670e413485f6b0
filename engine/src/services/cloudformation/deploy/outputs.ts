/**
 * Stack outputs, resolved once every resource exists, and the rules exports follow: an export name
 * is unique in a region, and an export another stack imports can be neither changed nor removed.
 * AWS: using-cfn-stack-exports.
 */
import type { StackOutput } from "../model.ts";
import { NO_VALUE, resolveValue } from "../template/intrinsics.ts";
import { type Deployment, stackScope } from "./deployment.ts";

function outputText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(outputText).join(",");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function resolveOutputs(d: Deployment): StackOutput[] {
  const prepared = d.prepared;
  if (!prepared) return [];
  const ctx = d.resolveContext();
  const outputs: StackOutput[] = [];
  for (const [key, declaration] of prepared.outputs) {
    const value = resolveValue(declaration.Value, ctx);
    if (value === NO_VALUE) continue;
    const exportName = declaration.Export ? resolveValue(declaration.Export.Name, ctx) : undefined;
    const description = resolveValue(declaration.Description, ctx);
    outputs.push({
      key,
      value: outputText(value),
      ...(typeof description === "string" && { description }),
      ...(exportName !== undefined && { exportName: outputText(exportName) }),
    });
  }
  return outputs;
}

/** Throws the reason the new outputs cannot replace the stack's current ones. */
export function checkExports(d: Deployment, outputs: readonly StackOutput[]): void {
  const { exports } = d.services;
  const scope = stackScope(d.stack);
  for (const output of outputs) {
    if (output.exportName === undefined) continue;
    const exporter = exports.exporter(scope, output.exportName);
    if (exporter && exporter.stackId !== d.stack.stackId) {
      throw new Error(`Export with name ${output.exportName} is already exported by stack ${exporter.name}`);
    }
  }
  for (const previous of d.stack.outputs) {
    if (previous.exportName === undefined) continue;
    const importers = exports.importers(scope, previous.exportName, d.stack.stackId);
    if (importers.length === 0) continue;
    const next = outputs.find((o) => o.exportName === previous.exportName);
    if (!next) {
      throw new Error(
        `Export ${previous.exportName} cannot be deleted as it is in use by ${importers.join(", ")}`,
      );
    }
    if (next.value !== previous.value) {
      throw new Error(
        `Cannot update export ${previous.exportName} as it is in use by ${importers.join(", ")}`,
      );
    }
  }
}

/**
 * A submitted template made ready to deploy: parsed, transformed (SAM), checked as CloudFormation
 * checks it before touching anything, with its parameters resolved and its conditions evaluated.
 * Whatever this rejects is a ValidationError and nothing is created.
 */
import { isKnownResourceType } from "../catalog/index.ts";
import { ValidationError } from "../errors.ts";
import type { StackParameterValue, StackTemplate } from "../model.ts";
import { evaluateConditions } from "./conditions.ts";
import { type PseudoParameters, type ResolveContext, resolveValue, Unknown } from "./intrinsics.ts";
import { checkParameterDeclarations, type GivenParameter, resolveParameters } from "./parameters.ts";
import { parseTemplate } from "./parse.ts";
import { checkReferences, collectReferences, dependencyGraph } from "./references.ts";
import { checkStructure, declaredTransforms, isSamTransform } from "./structure.ts";
import type { OutputDeclaration, ResolvedParameter, Template } from "./types.ts";

/** Expands a transform; the SAM one is the only transform the engine has. */
export type TemplateExpander = (
  template: Record<string, unknown>,
  ctx: {
    region: string;
    accountId: string;
    stackName: string;
    resolveLocalCode(path: string): string;
    /** Where builds the transform makes (esbuild) are kept between deployments. */
    buildDir: string;
  },
) => Promise<Record<string, unknown>>;

export interface ExpandedTemplate {
  source: StackTemplate;
  original: Template;
  processed: Template;
  transforms: string[];
}

export interface ExpandOptions {
  expandSam: () => Promise<TemplateExpander>;
  scope: { region: string; accountId: string; stackName: string };
  resolveLocalCode(path: string): string;
  buildDir: string;
}

/** Whether the template declares a transform (its processing then happens after the call returns). */
export function hasTransform(body: string): boolean {
  return declaredTransforms(parseTemplate(body)).length > 0;
}

export async function expandTemplate(
  source: StackTemplate,
  options: ExpandOptions,
): Promise<ExpandedTemplate> {
  const original = parseTemplate(source.body);
  const transforms = declaredTransforms(original);
  let processed = original;
  for (const name of transforms) {
    if (!isSamTransform(name)) {
      throw new ValidationError(
        `Transform ${name} is not supported by the Orderflow engine; only AWS::Serverless-2016-10-31 is (see docs/CONFORMANCE.md)`,
      );
    }
    const expander = await options.expandSam();
    try {
      processed = (await expander(structuredClone(processed) as Record<string, unknown>, {
        ...options.scope,
        resolveLocalCode: options.resolveLocalCode,
        buildDir: options.buildDir,
      })) as Template;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ValidationError(`Transform ${name} failed with: ${message}`);
    }
    delete processed.Transform;
  }
  return {
    source: transforms.length > 0 ? { ...source, processed: JSON.stringify(processed) } : source,
    original,
    processed,
    transforms,
  };
}

/** The checks that need the template alone (ValidateTemplate runs these). */
export function checkTemplate(template: Template, options: { checkTypes: boolean }): void {
  checkStructure(template);
  checkParameterDeclarations(template);
  if (options.checkTypes) {
    const unknown = [...new Set(Object.values(template.Resources ?? {}).map((r) => r.Type))].filter(
      (type) => !isKnownResourceType(type),
    );
    if (unknown.length > 0) {
      throw new ValidationError(
        `Template format error: Unrecognized resource types: [${unknown.join(", ")}]`,
      );
    }
  }
  checkReferences(template);
  dependencyGraph(template);
}

export interface PreparedTemplate {
  source: StackTemplate;
  template: Template;
  parameters: Map<string, ResolvedParameter>;
  conditions: Map<string, boolean>;
  /** Resources whose condition holds, in template order, with what each waits for. */
  resources: Map<string, string[]>;
  outputs: [string, OutputDeclaration][];
  /** Export names the template imports with a literal name. */
  imports: string[];
}

export interface PrepareOptions {
  given: readonly GivenParameter[];
  previous?: readonly StackParameterValue[];
  pseudo: PseudoParameters;
  exportExists(name: string): boolean;
}

export function prepareTemplate(expanded: ExpandedTemplate, options: PrepareOptions): PreparedTemplate {
  const template = expanded.processed;
  checkTemplate(template, { checkTypes: true });
  const graph = dependencyGraph(template);
  const parameters = resolveParameters(template, options.given, options.previous);
  const conditions = evaluateConditions(template, parameters, options.pseudo);
  const holds = (condition: unknown) => typeof condition !== "string" || conditions.get(condition) === true;

  const resources = new Map<string, string[]>();
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (holds(resource.Condition)) resources.set(logicalId, graph.get(logicalId) ?? []);
  }
  for (const [logicalId, deps] of resources) {
    resources.set(
      logicalId,
      deps.filter((dep) => resources.has(dep)),
    );
  }
  const outputs = Object.entries(template.Outputs ?? {}).filter(([, output]) => holds(output.Condition));
  const imports = [
    ...new Set([
      ...collectReferences([...resources.keys()].map((id) => template.Resources?.[id]?.Properties)).imports,
      ...collectReferences(outputs.map(([, o]) => o.Value)).imports,
    ]),
  ];
  for (const name of imports) {
    if (!options.exportExists(name)) throw new ValidationError(`No export named ${name} found.`);
  }
  const prepared = { source: expanded.source, template, parameters, conditions, resources, outputs, imports };
  evaluateStatically(prepared, options.pseudo);
  return prepared;
}

/**
 * Evaluates every property and output with resources still unknown, so that what fails without
 * them (a missing mapping key, Fn::Select past the end, a non-string in Fn::Join) is refused now,
 * as CloudFormation refuses it, rather than halfway through the deployment.
 */
function evaluateStatically(prepared: PreparedTemplate, pseudo: PseudoParameters): void {
  const { template, parameters, conditions, resources } = prepared;
  const ctx: ResolveContext = {
    parameters,
    pseudo,
    mappings: template.Mappings,
    condition: (name) => conditions.get(name) === true,
    resources: {
      has: (id) => resources.has(id),
      ref: (id) => new Unknown(id),
      getAtt: (id, attribute) => new Unknown(`${id}.${attribute}`),
    },
    importValue: (name) => new Unknown(name),
  };
  for (const id of resources.keys()) resolveValue(template.Resources?.[id]?.Properties ?? {}, ctx);
  for (const [, output] of prepared.outputs) resolveValue([output.Value, output.Export?.Name], ctx);
}

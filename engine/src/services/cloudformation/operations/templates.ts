/** GetTemplate, GetTemplateSummary, ValidateTemplate. */
import type {
  GetTemplateInput,
  GetTemplateSummaryInput,
  ValidateTemplateInput,
} from "@aws-sdk/client-cloudformation";
import type { RequestContext } from "../../../server/context.ts";
import { findChangeSet } from "../change-sets.ts";
import { TEMPLATE_FORMAT_VERSION } from "../constants.ts";
import type { CloudFormationCore } from "../core.ts";
import { ValidationError } from "../errors.ts";
import type { StackTemplate } from "../model.ts";
import { checkParameterDeclarations } from "../template/parameters.ts";
import { parseTemplate } from "../template/parse.ts";
import { checkTemplate } from "../template/prepare.ts";
import {
  declaredTransforms,
  iamCapabilities,
  parameterSummaries,
  resourceTypes,
} from "../template/summary.ts";
import type { Template } from "../template/types.ts";
import { scopeOf } from "./wire.ts";

type Ctx = RequestContext;

const STAGES = ["Original", "Processed"];

/** Checks a template on its own; with a transform only what the transform leaves alone. */
function checked(source: StackTemplate): { template: Template; transforms: string[] } {
  const template = parseTemplate(source.body);
  const transforms = declaredTransforms(template);
  if (transforms.length > 0) checkParameterDeclarations(template);
  else checkTemplate(template, { checkTypes: true });
  return { template, transforms };
}

function capabilities(template: Template, transforms: readonly string[]) {
  const iam = iamCapabilities(template);
  return {
    Capabilities: [...iam.capabilities, ...(transforms.length > 0 ? ["CAPABILITY_AUTO_EXPAND"] : [])],
    ...(iam.reason !== undefined && { CapabilitiesReason: iam.reason }),
  };
}

export function templateOperations(core: CloudFormationCore) {
  return {
    GetTemplate(input: GetTemplateInput, ctx: Ctx) {
      const scope = scopeOf(ctx);
      let source: StackTemplate;
      if (input.ChangeSetName !== undefined) {
        source = findChangeSet(core, scope, input.ChangeSetName, input.StackName).template;
      } else if (input.StackName !== undefined) source = core.requireStack(scope, input.StackName).template;
      else throw new ValidationError("StackName is a required parameter.");
      const body = input.TemplateStage === "Processed" && source.processed ? source.processed : source.body;
      return { TemplateBody: body, StagesAvailable: STAGES };
    },

    GetTemplateSummary(input: GetTemplateSummaryInput, ctx: Ctx) {
      let source: StackTemplate;
      if (input.StackName !== undefined) {
        const stack = core.requireStack(scopeOf(ctx), input.StackName);
        if (stack.status === "REVIEW_IN_PROGRESS") {
          throw new ValidationError("GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.");
        }
        source = stack.template;
      } else source = core.readTemplate(input);
      const { template, transforms } = checked(source);
      const byType = new Map<string, string[]>();
      for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
        byType.set(resource.Type, [...(byType.get(resource.Type) ?? []), logicalId]);
      }
      return {
        Parameters: parameterSummaries(template),
        ...(typeof template.Description === "string" && { Description: template.Description }),
        ...capabilities(template, transforms),
        ResourceTypes: resourceTypes(template),
        Version: TEMPLATE_FORMAT_VERSION,
        ...(template.Metadata !== undefined && { Metadata: JSON.stringify(template.Metadata) }),
        ...(transforms.length > 0 && { DeclaredTransforms: transforms }),
        ResourceIdentifierSummaries: [...byType].map(([type, ids]) => ({
          ResourceType: type,
          LogicalResourceIds: ids,
        })),
      };
    },

    ValidateTemplate(input: ValidateTemplateInput) {
      const { template, transforms } = checked(core.readTemplate(input));
      return {
        Parameters: parameterSummaries(template).map((p) => ({
          ParameterKey: p.ParameterKey,
          ...(p.DefaultValue !== undefined && { DefaultValue: p.DefaultValue }),
          NoEcho: p.NoEcho,
          ...(p.Description !== undefined && { Description: p.Description }),
        })),
        ...(typeof template.Description === "string" && { Description: template.Description }),
        ...capabilities(template, transforms),
        DeclaredTransforms: transforms,
      };
    },
  };
}

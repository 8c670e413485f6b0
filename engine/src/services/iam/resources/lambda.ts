/**
 * Lambda's actions and resources (AWS: Service Authorization Reference, AWS Lambda). Invoke and
 * InvokeWithResponseStream are authorized as lambda:InvokeFunction. FunctionName may be a name, a
 * partial ARN or a full ARN, each with a qualifier; the resource is the function's ARN (qualified
 * when the request names a version or alias). Event source mappings are
 * `…:event-source-mapping:<UUID>`; CreateEventSourceMapping and the List operations name no
 * resource (the first supplies lambda:FunctionArn). The resource policy is the function's policy
 * (AddPermission).
 */
import { parseFunctionName } from "../../lambda/function-names.ts";
import { type AccessCheck, readThrough, type Scope, type ServiceAccess, text } from "./types.ts";

const ACTION_OF: Readonly<Record<string, string>> = {
  Invoke: "InvokeFunction",
  InvokeWithResponseStream: "InvokeFunction",
};

const ACCOUNT_WIDE = new Set([
  "ListFunctions",
  "ListEventSourceMappings",
  "GetAccountSettings",
  "ListLayers",
  "ListCodeSigningConfigs",
  "CreateCodeSigningConfig",
  "ListCapacityProviders",
]);

/** The ARN a FunctionName (and Qualifier) names, or undefined when it is not one. */
export function functionResource(scope: Scope, name: string, qualifier?: string): string | undefined {
  const ref = parseFunctionName(name);
  if (!ref) return undefined;
  const version = ref.qualifier ?? qualifier;
  const arn = `arn:aws:lambda:${ref.region ?? scope.region}:${ref.accountId ?? scope.accountId}:function:${ref.name}`;
  return version === undefined ? arn : `${arn}:${version}`;
}

export const lambdaAccess: ServiceAccess = {
  prefix: "lambda",
  checks(operation, input, scope): AccessCheck[] {
    const action = `lambda:${ACTION_OF[operation] ?? operation}`;
    if (ACCOUNT_WIDE.has(operation)) return [{ action, resource: "*" }];
    const name = text(input.FunctionName);
    const fn = name === undefined ? undefined : functionResource(scope, name, text(input.Qualifier));
    if (operation === "CreateEventSourceMapping") {
      return [{ action, resource: "*", ...(fn && { context: { "lambda:FunctionArn": fn } }) }];
    }
    const uuid = text(input.UUID);
    if (uuid !== undefined) {
      return [
        {
          action,
          resource: `arn:aws:lambda:${scope.region}:${scope.accountId}:event-source-mapping:${uuid}`,
        },
      ];
    }
    const tagged = text(input.Resource);
    return [{ action, resource: fn ?? tagged ?? "*" }];
  },
  resourcePolicy(service, resource, context) {
    if (!resource.includes(":function:")) return undefined;
    const result = readThrough(service, "GetPolicy", { FunctionName: resource }, context);
    return text(result?.Policy);
  },
};

/**
 * AWS::Lambda::EventInvokeConfig: a function's asynchronous invocation settings
 * (PutFunctionEventInvokeConfig). FunctionName and Qualifier replace it; the rest is put again in
 * full, so a property removed from the template returns to Lambda's default. Ref: a generated id
 * (the type has no identifier of its own besides function and qualifier); no GetAtt attributes.
 */
import { generatePhysicalName } from "./physical-names.ts";
import type { Properties } from "./properties.ts";
import { call, defineProvider } from "./provider.ts";
import type { ResourceContext } from "./types.ts";

async function put(ctx: ResourceContext, properties: Properties): Promise<void> {
  await call(ctx, "lambda", "PutFunctionEventInvokeConfig", {
    FunctionName: properties.FunctionName,
    Qualifier: properties.Qualifier,
    ...(properties.MaximumRetryAttempts !== undefined && {
      MaximumRetryAttempts: properties.MaximumRetryAttempts,
    }),
    ...(properties.MaximumEventAgeInSeconds !== undefined && {
      MaximumEventAgeInSeconds: properties.MaximumEventAgeInSeconds,
    }),
    ...(properties.DestinationConfig !== undefined && { DestinationConfig: properties.DestinationConfig }),
  });
}

export const lambdaEventInvokeConfigProvider = defineProvider({
  type: "AWS::Lambda::EventInvokeConfig",

  async create(properties, ctx) {
    await put(ctx, properties);
    return { physicalId: generatePhysicalName(ctx, { maxLength: 255 }), attributes: {} };
  },

  async update(previous, properties, _previousProperties, ctx) {
    await put(ctx, properties);
    return previous;
  },

  async delete(_state, properties, ctx) {
    await call(ctx, "lambda", "DeleteFunctionEventInvokeConfig", {
      FunctionName: properties.FunctionName,
      Qualifier: properties.Qualifier,
    });
  },
});

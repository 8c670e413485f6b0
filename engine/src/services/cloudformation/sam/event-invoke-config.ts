/**
 * `EventInvokeConfig`: the function's asynchronous-invocation settings as an
 * AWS::Lambda::EventInvokeConfig `<Function>EventInvokeConfig` on `$LATEST`, with a send policy on
 * the role for each destination; an SQS or SNS destination without an ARN gets a queue (topic)
 * generated for it, `<Function>EventInvokeConfigOnFailureQueue`.
 * AWS: samtranslator/model/sam_resources.py `_construct_event_invoke_config`,
 * `_validate_and_inject_resource`, model/iam.py `IAMRolePolicies`.
 */
import { InvalidResource } from "./errors.ts";
import { sendPolicy } from "./execution-role.ts";
import { getAtt, isObject, isSet, type JsonObject, present, pythonList, ref } from "./values.ts";

const DESTINATION_TYPES = ["SQS", "SNS", "EventBridge", "Lambda"];
const GENERATED_DESTINATION_TYPES = ["SQS", "SNS"];
const POLICY: Readonly<Record<string, { suffix: string; action: string }>> = {
  SQS: { suffix: "SQSPolicy", action: "sqs:SendMessage" },
  SNS: { suffix: "SNSPolicy", action: "sns:publish" },
  EventBridge: { suffix: "EventBridgePolicy", action: "events:PutEvents" },
  Lambda: { suffix: "LambdaPolicy", action: "lambda:InvokeFunction" },
};

export interface EventInvokeConfigResult {
  resources: Record<string, JsonObject>;
  /** For the execution role, before the `Policies` ones. */
  policies: JsonObject[];
}

export function eventInvokeConfig(
  functionId: string,
  config: JsonObject,
  /** All of the function's resource attributes (the config carries them, Metadata included). */
  attributes: JsonObject,
  /** Condition, DeletionPolicy, UpdateReplacePolicy: for a generated queue or topic. */
  passThrough: JsonObject,
): EventInvokeConfigResult {
  const logicalId = `${functionId}EventInvokeConfig`;
  const resources: Record<string, JsonObject> = {};
  const policies: JsonObject[] = [];
  const destinationConfig: JsonObject = {};
  const input = config.DestinationConfig;
  if (isSet(input) && !(isObject(input) && Object.keys(input).length === 0)) {
    if (!isObject(input)) {
      throw new InvalidResource(
        functionId,
        "Property 'EventInvokeConfig.DestinationConfig' should be a map.",
      );
    }
    for (const name of ["OnSuccess", "OnFailure"]) {
      const destination = input[name];
      if (!isSet(destination)) continue;
      if (!isObject(destination)) {
        throw new InvalidResource(
          functionId,
          `Property 'EventInvokeConfig.DestinationConfig.${name}' should be a map.`,
        );
      }
      const type = destination.Type;
      if (typeof type !== "string" || !DESTINATION_TYPES.includes(type)) {
        throw new InvalidResource(
          functionId,
          `'Type: ${type === undefined || type === null ? "None" : String(type)}' must be one of ${pythonList(DESTINATION_TYPES)}`,
        );
      }
      const policyId = logicalId + name;
      let arn = destination.Destination;
      if (!isSet(arn)) {
        if (!GENERATED_DESTINATION_TYPES.includes(type)) {
          throw new InvalidResource(
            functionId,
            `Destination is required if Type is not ${pythonList(GENERATED_DESTINATION_TYPES)}`,
          );
        }
        const generatedId = policyId + (type === "SQS" ? "Queue" : "Topic");
        resources[generatedId] = {
          Type: type === "SQS" ? "AWS::SQS::Queue" : "AWS::SNS::Topic",
          ...passThrough,
          Properties: {},
        };
        arn = type === "SQS" ? getAtt(generatedId, "Arn") : ref(generatedId);
      }
      const policy = POLICY[type]!;
      policies.push(sendPolicy(policyId + policy.suffix, policy.action, arn));
      destinationConfig[name] = { Destination: arn };
    }
  }
  resources[logicalId] = {
    Type: "AWS::Lambda::EventInvokeConfig",
    ...attributes,
    Properties: present({
      FunctionName: ref(functionId),
      Qualifier: "$LATEST",
      DestinationConfig: destinationConfig,
      MaximumEventAgeInSeconds: config.MaximumEventAgeInSeconds,
      MaximumRetryAttempts: config.MaximumRetryAttempts,
    }),
  };
  return { resources, policies };
}

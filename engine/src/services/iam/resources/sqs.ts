/**
 * SQS's actions and resources (AWS: Service Authorization Reference, Amazon SQS). The batch
 * operations are authorized as their single forms; every queue operation's resource is the queue's
 * ARN; ListQueues names none. The resource policy is the queue's `Policy` attribute.
 */
import { parseArn } from "../../../shared/arn.ts";
import { parseQueueUrl } from "../../sqs/queues.ts";
import { type AccessCheck, readThrough, type Scope, type ServiceAccess, text } from "./types.ts";

const ACTION_OF: Readonly<Record<string, string>> = {
  SendMessageBatch: "SendMessage",
  DeleteMessageBatch: "DeleteMessage",
  ChangeMessageVisibilityBatch: "ChangeMessageVisibility",
};

const queueArn = (scope: Scope, accountId: string, name: string) =>
  `arn:aws:sqs:${scope.region}:${accountId}:${name}`;

function resourceOf(input: Record<string, unknown>, scope: Scope): string {
  const url = text(input.QueueUrl);
  if (url !== undefined) {
    const queue = parseQueueUrl(url);
    return queue ? queueArn(scope, queue.accountId, queue.name) : "*";
  }
  const name = text(input.QueueName);
  if (name !== undefined) return queueArn(scope, text(input.QueueOwnerAWSAccountId) ?? scope.accountId, name);
  // Message move tasks name their source queue by ARN.
  return text(input.SourceArn) ?? "*";
}

export const sqsAccess: ServiceAccess = {
  prefix: "sqs",
  checks(operation, input, scope): AccessCheck[] {
    const action = `sqs:${ACTION_OF[operation] ?? operation}`;
    return [{ action, resource: operation === "ListQueues" ? "*" : resourceOf(input, scope) }];
  },
  resourcePolicy(service, resource, context) {
    const arn = parseArn(resource);
    if (!arn) return undefined;
    const result = readThrough(
      service,
      "GetQueueAttributes",
      { QueueUrl: `${context.baseUrl}/${arn.accountId}/${arn.resource}`, AttributeNames: ["Policy"] },
      { ...context, region: arn.region },
    );
    return (result?.Attributes as Record<string, string> | undefined)?.Policy;
  },
};

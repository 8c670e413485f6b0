/**
 * AWS::SQS::QueuePolicy: sets PolicyDocument as the Policy attribute of every queue in Queues (queue
 * URLs). Ref and GetAtt Id: a generated id. An update moves the policy: queues no longer listed
 * lose it, listed ones get the new document. Delete clears the Policy attribute.
 */
import { isNotFound } from "./errors.ts";
import { generatePhysicalName } from "./physical-names.ts";
import { jsonText, list, type Properties } from "./properties.ts";
import { call, defineProvider } from "./provider.ts";
import type { ResourceContext } from "./types.ts";

const queuesOf = (properties: Properties): string[] => list(properties.Queues).map(String);

async function setPolicy(ctx: ResourceContext, queues: string[], policy: string): Promise<void> {
  for (const url of queues) {
    await call(ctx, "sqs", "SetQueueAttributes", { QueueUrl: url, Attributes: { Policy: policy } });
  }
}

/** Clears the policy of queues that may be gone already (deleted with the stack before it). */
async function clearPolicy(ctx: ResourceContext, queues: string[]): Promise<void> {
  for (const url of queues) {
    await setPolicy(ctx, [url], "").catch((error) => {
      if (!isNotFound(error)) throw error;
    });
  }
}

export const sqsQueuePolicyProvider = defineProvider({
  type: "AWS::SQS::QueuePolicy",

  async create(properties, ctx) {
    await setPolicy(ctx, queuesOf(properties), jsonText(properties.PolicyDocument));
    const id = generatePhysicalName(ctx, { maxLength: 255 });
    return { physicalId: id, attributes: { Id: id } };
  },

  async update(previous, properties, previousProperties, ctx) {
    const queues = queuesOf(properties);
    const dropped = queuesOf(previousProperties).filter((url) => !queues.includes(url));
    await clearPolicy(ctx, dropped);
    await setPolicy(ctx, queues, jsonText(properties.PolicyDocument));
    return previous;
  },

  async delete(_state, properties, ctx) {
    await clearPolicy(ctx, queuesOf(properties));
  },
});

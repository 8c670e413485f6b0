/**
 * AWS::CDK::Metadata: the CDK's record of the construct library versions a stack uses (analytics
 * for AWS). Nothing to create; accepted so CDK stacks deploy unchanged. Ref: a generated id.
 */
import { randomUUID } from "node:crypto";
import type { ResourceProvider } from "./types.ts";

export const cdkMetadataProvider: ResourceProvider = {
  type: "AWS::CDK::Metadata",
  create: async () => ({ physicalId: randomUUID(), attributes: {} }),
  update: async (previous) => previous,
  delete: async () => {},
};

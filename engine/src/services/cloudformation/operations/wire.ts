/**
 * The engine's records in the API's output shapes (Stack, StackEvent, StackResource…). Times go
 * out as epoch seconds, which the awsQuery encoder writes as ISO 8601. Shapes follow AWS's
 * responses as recorded (LocalStack snapshots): empty Parameters, Outputs and Capabilities are
 * left out, Tags and NotificationARNs are always present, drift is NOT_CHECKED.
 */
import type { RequestContext } from "../../../server/context.ts";
import { STACK_RESOURCE_TYPE } from "../constants.ts";
import type { Scope } from "../deploy/deployment.ts";
import type { ChangeSet, Stack, StackEvent, StackParameterValue, StackResource } from "../model.ts";

/** NoEcho parameter values are masked in every description. */
export const MASKED_VALUE = "****";

export const seconds = (ms: number) => ms / 1000;
export const scopeOf = (ctx: Pick<RequestContext, "accountId" | "region">): Scope => ({
  accountId: ctx.accountId,
  region: ctx.region,
});

const notChecked = { StackDriftStatus: "NOT_CHECKED" };
const resourceNotChecked = { StackResourceDriftStatus: "NOT_CHECKED" };

export const describeParameters = (parameters: readonly StackParameterValue[]) =>
  parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.noEcho ? MASKED_VALUE : p.value }));

export function describeStack(stack: Stack) {
  const deleted = stack.status === "DELETE_COMPLETE";
  return {
    StackId: stack.stackId,
    StackName: stack.name,
    ...(stack.changeSetId && { ChangeSetId: stack.changeSetId }),
    ...(stack.description !== undefined && { Description: stack.description }),
    ...(stack.parameters.length > 0 && { Parameters: describeParameters(stack.parameters) }),
    CreationTime: seconds(stack.createdAt),
    ...(stack.deletedAt !== undefined && { DeletionTime: seconds(stack.deletedAt) }),
    ...(stack.updatedAt !== undefined && { LastUpdatedTime: seconds(stack.updatedAt) }),
    RollbackConfiguration: {},
    StackStatus: stack.status,
    ...(stack.statusReason !== undefined && { StackStatusReason: stack.statusReason }),
    DisableRollback: stack.disableRollback,
    NotificationARNs: stack.notificationArns,
    ...(stack.timeoutMinutes !== undefined && { TimeoutInMinutes: stack.timeoutMinutes }),
    ...(stack.capabilities.length > 0 && { Capabilities: stack.capabilities }),
    ...(stack.outputs.length > 0 && {
      Outputs: stack.outputs.map((o) => ({
        OutputKey: o.key,
        OutputValue: o.value,
        ...(o.description !== undefined && { Description: o.description }),
        ...(o.exportName !== undefined && { ExportName: o.exportName }),
      })),
    }),
    ...(stack.roleArn !== undefined && { RoleARN: stack.roleArn }),
    Tags: stack.tags,
    ...(!deleted && { EnableTerminationProtection: stack.terminationProtection }),
    DriftInformation: notChecked,
  };
}

export function describeStackSummary(stack: Stack) {
  return {
    StackId: stack.stackId,
    StackName: stack.name,
    ...(stack.description !== undefined && { TemplateDescription: stack.description }),
    CreationTime: seconds(stack.createdAt),
    ...(stack.updatedAt !== undefined && { LastUpdatedTime: seconds(stack.updatedAt) }),
    ...(stack.deletedAt !== undefined && { DeletionTime: seconds(stack.deletedAt) }),
    StackStatus: stack.status,
    ...(stack.statusReason !== undefined && { StackStatusReason: stack.statusReason }),
    DriftInformation: notChecked,
  };
}

export function describeEvent(event: StackEvent, stackName: string) {
  return {
    StackId: event.stackId,
    EventId: event.eventId,
    StackName: stackName,
    LogicalResourceId: event.logicalId,
    PhysicalResourceId: event.physicalId,
    ResourceType: event.type,
    Timestamp: seconds(event.timestamp),
    ResourceStatus: event.status,
    ...(event.reason !== undefined && { ResourceStatusReason: event.reason }),
    ...(event.type !== STACK_RESOURCE_TYPE &&
      event.properties !== undefined && {
        ResourceProperties: event.properties,
      }),
  };
}

export function describeResource(resource: StackResource, stack: Stack) {
  return {
    StackName: stack.name,
    StackId: stack.stackId,
    LogicalResourceId: resource.logicalId,
    ...(resource.physicalId !== undefined && { PhysicalResourceId: resource.physicalId }),
    ResourceType: resource.type,
    Timestamp: seconds(resource.updatedAt),
    ResourceStatus: resource.status,
    ...(resource.statusReason !== undefined && { ResourceStatusReason: resource.statusReason }),
    DriftInformation: resourceNotChecked,
  };
}

export function describeResourceDetail(resource: StackResource, stack: Stack) {
  return {
    StackName: stack.name,
    StackId: stack.stackId,
    LogicalResourceId: resource.logicalId,
    ...(resource.physicalId !== undefined && { PhysicalResourceId: resource.physicalId }),
    ResourceType: resource.type,
    LastUpdatedTimestamp: seconds(resource.updatedAt),
    ResourceStatus: resource.status,
    ...(resource.statusReason !== undefined && { ResourceStatusReason: resource.statusReason }),
    ...(resource.metadata !== undefined && { Metadata: JSON.stringify(resource.metadata) }),
    DriftInformation: resourceNotChecked,
  };
}

export function describeResourceSummary(resource: StackResource) {
  return {
    LogicalResourceId: resource.logicalId,
    ...(resource.physicalId !== undefined && { PhysicalResourceId: resource.physicalId }),
    ResourceType: resource.type,
    LastUpdatedTimestamp: seconds(resource.updatedAt),
    ResourceStatus: resource.status,
    ...(resource.statusReason !== undefined && { ResourceStatusReason: resource.statusReason }),
    DriftInformation: resourceNotChecked,
  };
}

export function describeChangeSet(changeSet: ChangeSet) {
  return {
    ChangeSetName: changeSet.name,
    ChangeSetId: changeSet.changeSetId,
    StackId: changeSet.stackId,
    StackName: changeSet.stackName,
    ...(changeSet.description !== undefined && { Description: changeSet.description }),
    ...(changeSet.parameters.length > 0 && { Parameters: describeParameters(changeSet.parameters) }),
    CreationTime: seconds(changeSet.createdAt),
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    ...(changeSet.statusReason !== undefined && { StatusReason: changeSet.statusReason }),
    NotificationARNs: changeSet.notificationArns,
    RollbackConfiguration: {},
    Capabilities: changeSet.capabilities,
    ...(changeSet.tags.length > 0 && { Tags: changeSet.tags }),
    Changes: changeSet.changes.map((change) => ({ Type: "Resource", ResourceChange: change })),
    IncludeNestedStacks: false,
  };
}

export function describeChangeSetSummary(changeSet: ChangeSet) {
  return {
    StackId: changeSet.stackId,
    StackName: changeSet.stackName,
    ChangeSetId: changeSet.changeSetId,
    ChangeSetName: changeSet.name,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    ...(changeSet.statusReason !== undefined && { StatusReason: changeSet.statusReason }),
    CreationTime: seconds(changeSet.createdAt),
    ...(changeSet.description !== undefined && { Description: changeSet.description }),
    IncludeNestedStacks: false,
  };
}

/** One page of `items` and the token of the next; tokens are positions, opaque to clients. */
export function page<T>(items: readonly T[], nextToken: string | undefined, size: number) {
  const start = nextToken === undefined ? 0 : Number(Buffer.from(nextToken, "base64url").toString());
  const from = Number.isInteger(start) && start > 0 ? start : 0;
  const end = from + size;
  return {
    items: items.slice(from, end),
    ...(end < items.length && { NextToken: Buffer.from(String(end)).toString("base64url") }),
  };
}

/**
 * The records CloudFormation keeps: stacks, their resources, their events and change sets. These
 * are what the store persists and what the wire handlers describe; times are epoch milliseconds.
 */

export type StackStatus =
  | "CREATE_IN_PROGRESS"
  | "CREATE_FAILED"
  | "CREATE_COMPLETE"
  | "ROLLBACK_IN_PROGRESS"
  | "ROLLBACK_FAILED"
  | "ROLLBACK_COMPLETE"
  | "DELETE_IN_PROGRESS"
  | "DELETE_FAILED"
  | "DELETE_COMPLETE"
  | "UPDATE_IN_PROGRESS"
  | "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"
  | "UPDATE_COMPLETE"
  | "UPDATE_FAILED"
  | "UPDATE_ROLLBACK_IN_PROGRESS"
  | "UPDATE_ROLLBACK_FAILED"
  | "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"
  | "UPDATE_ROLLBACK_COMPLETE"
  | "REVIEW_IN_PROGRESS";

export type ResourceStatus =
  | "CREATE_IN_PROGRESS"
  | "CREATE_FAILED"
  | "CREATE_COMPLETE"
  | "DELETE_IN_PROGRESS"
  | "DELETE_FAILED"
  | "DELETE_COMPLETE"
  | "DELETE_SKIPPED"
  | "UPDATE_IN_PROGRESS"
  | "UPDATE_FAILED"
  | "UPDATE_COMPLETE";

export interface StackParameterValue {
  key: string;
  value: string;
  noEcho: boolean;
}

export interface StackOutput {
  key: string;
  value: string;
  description?: string;
  exportName?: string;
}

export interface StackTag {
  Key: string;
  Value: string;
}

/** The template a stack runs, as submitted and as processed (after a transform), and where it came from. */
export interface StackTemplate {
  /** The text the client sent (GetTemplate's Original stage). */
  body: string;
  /** The template after transforms, as JSON text (the Processed stage); absent when there was none. */
  processed?: string;
  /** The directory a TemplateURL file lives in: relative local code paths resolve against it. */
  dir?: string;
}

export interface Stack {
  stackId: string;
  accountId: string;
  region: string;
  name: string;
  status: StackStatus;
  statusReason?: string;
  createdAt: number;
  updatedAt?: number;
  deletedAt?: number;
  description?: string;
  template: StackTemplate;
  parameters: StackParameterValue[];
  capabilities: string[];
  tags: StackTag[];
  notificationArns: string[];
  outputs: StackOutput[];
  disableRollback: boolean;
  terminationProtection: boolean;
  roleArn?: string;
  timeoutMinutes?: number;
  changeSetId?: string;
  /** Export names the deployed template imports (Fn::ImportValue). */
  imports: string[];
}

export interface StackResource {
  stackId: string;
  logicalId: string;
  type: string;
  status: ResourceStatus;
  statusReason?: string;
  physicalId?: string;
  attributes: Record<string, unknown>;
  /** The resolved properties last applied (what the provider was given). */
  properties: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  deletionPolicy?: string;
  updateReplacePolicy?: string;
  /** Logical ids this resource depends on, so deletion can run in reverse order. */
  dependsOn: string[];
  updatedAt: number;
}

export interface StackEvent {
  stackId: string;
  eventId: string;
  logicalId: string;
  physicalId: string;
  type: string;
  status: string;
  reason?: string;
  /** The resource's properties as JSON text. */
  properties?: string;
  timestamp: number;
  clientRequestToken?: string;
}

export type ChangeSetType = "CREATE" | "UPDATE";
export type ChangeSetStatus =
  | "CREATE_PENDING"
  | "CREATE_IN_PROGRESS"
  | "CREATE_COMPLETE"
  | "DELETE_PENDING"
  | "DELETE_IN_PROGRESS"
  | "DELETE_COMPLETE"
  | "DELETE_FAILED"
  | "FAILED";
export type ExecutionStatus =
  | "UNAVAILABLE"
  | "AVAILABLE"
  | "EXECUTE_IN_PROGRESS"
  | "EXECUTE_COMPLETE"
  | "EXECUTE_FAILED"
  | "OBSOLETE";

/** One entry of DescribeChangeSet's Changes, in the wire shape. */
export interface ResourceChange {
  Action: "Add" | "Modify" | "Remove";
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Replacement?: "True" | "False" | "Conditional";
  PolicyAction?: "Delete" | "Retain";
  Scope: string[];
  Details: Record<string, unknown>[];
}

export interface ChangeSet {
  changeSetId: string;
  name: string;
  stackId: string;
  stackName: string;
  type: ChangeSetType;
  status: ChangeSetStatus;
  statusReason?: string;
  executionStatus: ExecutionStatus;
  createdAt: number;
  description?: string;
  template: StackTemplate;
  parameters: StackParameterValue[];
  capabilities: string[];
  tags: StackTag[];
  notificationArns: string[];
  roleArn?: string;
  changes: ResourceChange[];
}

export const TERMINAL_STACK_STATUSES: ReadonlySet<StackStatus> = new Set([
  "CREATE_FAILED",
  "CREATE_COMPLETE",
  "ROLLBACK_FAILED",
  "ROLLBACK_COMPLETE",
  "DELETE_FAILED",
  "DELETE_COMPLETE",
  "UPDATE_COMPLETE",
  "UPDATE_FAILED",
  "UPDATE_ROLLBACK_FAILED",
  "UPDATE_ROLLBACK_COMPLETE",
  "REVIEW_IN_PROGRESS",
]);

/** States from which UpdateStack (and an UPDATE change set) may start. */
export const UPDATABLE_STACK_STATUSES: ReadonlySet<StackStatus> = new Set([
  "CREATE_COMPLETE",
  "UPDATE_COMPLETE",
  "UPDATE_ROLLBACK_COMPLETE",
]);

/**
 * Everything a deployment records, each change in one transaction with the event that reports it:
 * the stack's status and reason, each resource's record, and the stack events (AWS's shape: a
 * resource event's id is `<LogicalId>-<STATUS>-<time>`, a stack event's a UUID).
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../../../shared/clock.ts";
import { STACK_RESOURCE_TYPE } from "../constants.ts";
import type { ResourceStatus, Stack, StackResource, StackStatus } from "../model.ts";
import type { CloudFormationStore } from "../store.ts";

export class Journal {
  constructor(
    private readonly store: CloudFormationStore,
    private readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** Moves the stack to `status`, with its event; `changes` are saved with it. */
  stackStatus(stack: Stack, status: StackStatus, reason?: string, changes: Partial<Stack> = {}): Stack {
    const now = this.clock.now();
    // The stack keeps `changes.statusReason` when given (a rollback's cause stays on ROLLBACK_COMPLETE).
    const next: Stack = { ...stack, status, statusReason: reason, ...changes };
    if (next.statusReason === undefined) delete next.statusReason;
    this.store.transaction(() => {
      this.store.putStack(next);
      this.store.addEvent({
        stackId: stack.stackId,
        eventId: randomUUID(),
        logicalId: stack.name,
        physicalId: stack.stackId,
        type: STACK_RESOURCE_TYPE,
        status,
        ...(reason !== undefined && { reason }),
        timestamp: now,
      });
    });
    return next;
  }

  /** Saves a stack without an event (outputs, template, parameters after a deployment). */
  saveStack(stack: Stack): void {
    this.store.putStack(stack);
  }

  /**
   * Records a resource event. `record` is the resource's new record (saved with the event) or
   * "remove" to drop it from the stack (a resource removed by an update).
   */
  resourceEvent(
    resource: Pick<StackResource, "stackId" | "logicalId" | "type" | "physicalId" | "properties">,
    status: ResourceStatus,
    options: { reason?: string; record?: StackResource | "remove" } = {},
  ): void {
    const now = this.clock.now();
    this.store.transaction(() => {
      if (options.record === "remove") this.store.deleteResource(resource.stackId, resource.logicalId);
      else if (options.record) this.store.putResource({ ...options.record, updatedAt: now });
      this.store.addEvent({
        stackId: resource.stackId,
        eventId: `${resource.logicalId}-${status}-${new Date(now).toISOString()}`,
        logicalId: resource.logicalId,
        physicalId: resource.physicalId ?? "",
        type: resource.type,
        status,
        ...(options.reason !== undefined && { reason: options.reason }),
        properties: JSON.stringify(resource.properties),
        timestamp: now,
      });
    });
  }
}

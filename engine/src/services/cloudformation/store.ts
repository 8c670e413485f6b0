/**
 * CloudFormation's SQLite schema and the repository over it. Each record is a JSON document beside
 * the columns it is looked up by; stack events keep their insertion order (`seq`), which is the
 * order DescribeStackEvents reports them in, newest first.
 */
import type { Db, Migration } from "../../storage/database.ts";
import type { ChangeSet, Stack, StackEvent, StackResource } from "./model.ts";

export const CLOUDFORMATION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE cfn_stacks (
        stack_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX cfn_stacks_by_name ON cfn_stacks (account_id, region, name, deleted);
      CREATE TABLE cfn_resources (
        stack_id TEXT NOT NULL,
        logical_id TEXT NOT NULL,
        physical_id TEXT,
        doc TEXT NOT NULL,
        PRIMARY KEY (stack_id, logical_id)
      );
      CREATE INDEX cfn_resources_by_physical_id ON cfn_resources (physical_id);
      CREATE TABLE cfn_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        stack_id TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX cfn_events_by_stack ON cfn_events (stack_id, seq);
      CREATE TABLE cfn_change_sets (
        change_set_id TEXT PRIMARY KEY,
        stack_id TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX cfn_change_sets_by_stack ON cfn_change_sets (stack_id, name);
    `,
  },
];

/** Reads and writes the records; callers group writes with `transaction`. */
export class CloudFormationStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      putStack: db.prepare(
        `INSERT INTO cfn_stacks (stack_id, account_id, region, name, deleted, created_at, doc)
         VALUES (@stackId, @accountId, @region, @name, @deleted, @createdAt, @doc)
         ON CONFLICT (stack_id) DO UPDATE SET deleted = excluded.deleted, doc = excluded.doc`,
      ),
      stackById: db.prepare("SELECT doc FROM cfn_stacks WHERE stack_id = ?").pluck(),
      activeStackByName: db
        .prepare(
          "SELECT doc FROM cfn_stacks WHERE account_id = ? AND region = ? AND name = ? AND deleted = 0",
        )
        .pluck(),
      stacksInRegion: db
        .prepare(
          "SELECT doc FROM cfn_stacks WHERE account_id = ? AND region = ? ORDER BY created_at DESC, rowid DESC",
        )
        .pluck(),
      allStacks: db.prepare("SELECT doc FROM cfn_stacks").pluck(),
      putResource: db.prepare(
        `INSERT INTO cfn_resources (stack_id, logical_id, physical_id, doc) VALUES (?, ?, ?, ?)
         ON CONFLICT (stack_id, logical_id) DO UPDATE SET physical_id = excluded.physical_id, doc = excluded.doc`,
      ),
      deleteResource: db.prepare("DELETE FROM cfn_resources WHERE stack_id = ? AND logical_id = ?"),
      resources: db.prepare("SELECT doc FROM cfn_resources WHERE stack_id = ? ORDER BY rowid").pluck(),
      resourcesByPhysicalId: db.prepare("SELECT doc FROM cfn_resources WHERE physical_id = ?").pluck(),
      addEvent: db.prepare("INSERT INTO cfn_events (stack_id, doc) VALUES (?, ?)"),
      eventsNewestFirst: db
        .prepare("SELECT doc FROM cfn_events WHERE stack_id = ? ORDER BY seq DESC")
        .pluck(),
      putChangeSet: db.prepare(
        `INSERT INTO cfn_change_sets (change_set_id, stack_id, name, created_at, doc) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (change_set_id) DO UPDATE SET doc = excluded.doc`,
      ),
      changeSetById: db.prepare("SELECT doc FROM cfn_change_sets WHERE change_set_id = ?").pluck(),
      changeSetsOfStack: db
        .prepare("SELECT doc FROM cfn_change_sets WHERE stack_id = ? ORDER BY created_at, rowid")
        .pluck(),
      deleteChangeSet: db.prepare("DELETE FROM cfn_change_sets WHERE change_set_id = ?"),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  putStack(stack: Stack): void {
    this.statements.putStack.run({
      stackId: stack.stackId,
      accountId: stack.accountId,
      region: stack.region,
      name: stack.name,
      deleted: stack.status === "DELETE_COMPLETE" ? 1 : 0,
      createdAt: stack.createdAt,
      doc: JSON.stringify(stack),
    });
  }

  stackById(stackId: string): Stack | undefined {
    return parse(this.statements.stackById.get(stackId));
  }

  activeStackByName(accountId: string, region: string, name: string): Stack | undefined {
    return parse(this.statements.activeStackByName.get(accountId, region, name));
  }

  /** Every stack of a region, deleted ones included, newest first. */
  stacksInRegion(accountId: string, region: string): Stack[] {
    return (this.statements.stacksInRegion.all(accountId, region) as string[]).map((d) => JSON.parse(d));
  }

  allStacks(): Stack[] {
    return (this.statements.allStacks.all() as string[]).map((d) => JSON.parse(d));
  }

  putResource(resource: StackResource): void {
    this.statements.putResource.run(
      resource.stackId,
      resource.logicalId,
      resource.physicalId ?? null,
      JSON.stringify(resource),
    );
  }

  deleteResource(stackId: string, logicalId: string): void {
    this.statements.deleteResource.run(stackId, logicalId);
  }

  resources(stackId: string): StackResource[] {
    return (this.statements.resources.all(stackId) as string[]).map((d) => JSON.parse(d));
  }

  resourcesByPhysicalId(physicalId: string): StackResource[] {
    return (this.statements.resourcesByPhysicalId.all(physicalId) as string[]).map((d) => JSON.parse(d));
  }

  addEvent(event: StackEvent): void {
    this.statements.addEvent.run(event.stackId, JSON.stringify(event));
  }

  eventsNewestFirst(stackId: string): StackEvent[] {
    return (this.statements.eventsNewestFirst.all(stackId) as string[]).map((d) => JSON.parse(d));
  }

  putChangeSet(changeSet: ChangeSet): void {
    this.statements.putChangeSet.run(
      changeSet.changeSetId,
      changeSet.stackId,
      changeSet.name,
      changeSet.createdAt,
      JSON.stringify(changeSet),
    );
  }

  changeSetById(changeSetId: string): ChangeSet | undefined {
    return parse(this.statements.changeSetById.get(changeSetId));
  }

  changeSetsOfStack(stackId: string): ChangeSet[] {
    return (this.statements.changeSetsOfStack.all(stackId) as string[]).map((d) => JSON.parse(d));
  }

  deleteChangeSet(changeSetId: string): void {
    this.statements.deleteChangeSet.run(changeSetId);
  }
}

function parse<T>(doc: unknown): T | undefined {
  return typeof doc === "string" ? (JSON.parse(doc) as T) : undefined;
}

/**
 * The table registry and the data plane's hooks, driven through the control-plane handlers with a
 * recording fake in place of the data plane.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../src/server/context.ts";
import { createDynamoDbService } from "../../../src/services/dynamodb/index.ts";
import type { Table } from "../../../src/services/dynamodb/table-definition.ts";
import { type TableHooks, TableRegistry } from "../../../src/services/dynamodb/tables.ts";
import type { ServiceDefinition } from "../../../src/services/service.ts";
import { VirtualClock } from "../../../src/shared/clock.ts";
import { type Db, openDatabase } from "../../../src/storage/database.ts";
import { attribute, hashKey, tableInput } from "./support.ts";

const context: RequestContext = {
  requestId: "test",
  accountId: "000000000000",
  region: "us-east-1",
  accessKeyId: "test",
  signingService: "dynamodb",
  baseUrl: "http://localhost",
  protocol: "json",
};

type Call = [string, ...string[]];

/** Records every hook call as [hook, table name, index name?]; stats come from `counts`. */
function recordingHooks(db: Db) {
  const calls: Call[] = [];
  const counts = new Map<number, { itemCount: number; sizeBytes: number }>();
  const rowExists = (table: Table) =>
    db.prepare("SELECT 1 FROM ddb_tables WHERE id = ?").get(table.id) !== undefined;
  const hooks: TableHooks & { failNext?: string } = {
    stats: (id) => ({ ...(counts.get(id) ?? { itemCount: 0, sizeBytes: 0 }), indexes: {} }),
    streamEnabled: (t) => void calls.push(["streamEnabled", t.definition.name, t.definition.stream!.arn]),
    streamDisabled: (t) =>
      void calls.push(["streamDisabled", t.definition.name, String(t.definition.stream!.enabled)]),
    tableDeleted: (t) =>
      void calls.push(["tableDeleted", t.definition.name, `row ${rowExists(t) ? "present" : "gone"}`]),
    indexCreated: (t, i) => {
      if (hooks.failNext === "indexCreated") throw new Error("backfill failed");
      calls.push([
        "indexCreated",
        t.definition.name,
        i.name,
        t.definition.globalIndexes.map((g) => g.name).join(),
      ]);
    },
    indexDeleted: (t, i) => void calls.push(["indexDeleted", t.definition.name, i.name]),
    throughputChanged: (t) =>
      void calls.push(["throughputChanged", t.definition.name, t.definition.billingMode]),
    ttlChanged: (t) => void calls.push(["ttlChanged", t.definition.name, String(t.definition.ttl?.enabled)]),
  };
  return { hooks, calls, counts };
}

describe("TableRegistry and its hooks", () => {
  let db: Db;
  let clock: VirtualClock;
  let recorder: ReturnType<typeof recordingHooks>;
  let service: ServiceDefinition;

  /** The parts of a TableDescription these tests read. */
  interface Description {
    ItemCount?: number;
    TableSizeBytes?: number;
    LatestStreamArn?: string;
    GlobalSecondaryIndexes?: unknown;
  }
  const call = async (operation: string, input: object) =>
    (await service.operations[operation]!(input as Record<string, unknown>, context)) as Record<
      string,
      Description
    >;
  const create = (input: Partial<CreateTableCommandInput> = {}) => call("CreateTable", tableInput(input));

  beforeEach(() => {
    db = openDatabase({ inMemory: true });
    clock = new VirtualClock();
    recorder = recordingHooks(db);
    service = createDynamoDbService({ db, clock, hooks: recorder.hooks });
  });

  it("persists tables and loads them into a new registry", async () => {
    await create({ TableName: "kept", Tags: [{ Key: "k", Value: "v" }] });

    const registry = new TableRegistry(db, clock, recorder.hooks);

    const table = registry.get("000000000000", "us-east-1", "kept");
    assert.equal(table.definition.arn, "arn:aws:dynamodb:us-east-1:000000000000:table/kept");
    assert.deepEqual(table.tags, { k: "v" });
    assert.equal(registry.byId(table.id), table);
    assert.equal(registry.byArn(table.definition.arn), table);
    assert.deepEqual(
      registry.list("000000000000", "us-east-1").map((t) => t.definition.name),
      ["kept"],
    );
  });

  it("words a missing table per caller", () => {
    const registry = new TableRegistry(db, clock, recorder.hooks);

    assert.throws(() => registry.get("000000000000", "us-east-1", "nope"), {
      message: "Requested resource not found",
    });
    assert.throws(() => registry.get("000000000000", "us-east-1", "nope", "control"), {
      message: "Requested resource not found: Table: nope not found",
    });
    assert.throws(
      () => registry.forDataPlane("arn:aws:dynamodb:us-east-1:000000000000:table/nope", context),
      {
        message: "Requested resource not found",
      },
    );
  });

  it("reports the data plane's item counts", async () => {
    const { TableDescription } = await create({ TableName: "counted" });
    const table = new TableRegistry(db, clock, recorder.hooks).get("000000000000", "us-east-1", "counted");
    recorder.counts.set(table.id, { itemCount: 3, sizeBytes: 120 });

    const { Table } = await call("DescribeTable", { TableName: "counted" });

    assert.equal(TableDescription!.ItemCount, 0);
    assert.equal(Table!.ItemCount, 3);
    assert.equal(Table!.TableSizeBytes, 120);
  });

  it("tells the data plane when a table is created with a stream", async () => {
    const { TableDescription } = await create({
      TableName: "streamed",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
    });

    assert.deepEqual(recorder.calls, [["streamEnabled", "streamed", TableDescription!.LatestStreamArn]]);
  });

  it("tells the data plane after a stream is disabled and enabled", async () => {
    await create({
      TableName: "toggled",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" },
    });
    recorder.calls.length = 0;

    await call("UpdateTable", { TableName: "toggled", StreamSpecification: { StreamEnabled: false } });
    clock.advance(1000);
    const { TableDescription } = await call("UpdateTable", {
      TableName: "toggled",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
    });

    assert.deepEqual(recorder.calls, [
      ["streamDisabled", "toggled", "false"],
      ["streamEnabled", "toggled", TableDescription!.LatestStreamArn],
    ]);
  });

  it("tells the data plane after a GSI is added or removed", async () => {
    await create({ TableName: "indexed" });

    await call("UpdateTable", {
      TableName: "indexed",
      AttributeDefinitions: [attribute("g")],
      GlobalSecondaryIndexUpdates: [
        { Create: { IndexName: "by-g", KeySchema: [hashKey("g")], Projection: { ProjectionType: "ALL" } } },
      ],
    });
    await call("UpdateTable", {
      TableName: "indexed",
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "by-g" } }],
    });

    assert.deepEqual(recorder.calls, [
      ["indexCreated", "indexed", "by-g", "by-g"],
      ["indexDeleted", "indexed", "by-g"],
    ]);
  });

  it("tells the data plane after throughput or billing mode changes", async () => {
    await create({ TableName: "billed" });

    await call("UpdateTable", { TableName: "billed", OnDemandThroughput: { MaxReadRequestUnits: 10 } });
    await call("UpdateTable", {
      TableName: "billed",
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    });

    assert.deepEqual(recorder.calls, [
      ["throughputChanged", "billed", "PAY_PER_REQUEST"],
      ["throughputChanged", "billed", "PROVISIONED"],
    ]);
  });

  it("tells the data plane after TTL changes", async () => {
    await create({ TableName: "expiring" });

    await call("UpdateTimeToLive", {
      TableName: "expiring",
      TimeToLiveSpecification: { Enabled: true, AttributeName: "ttl" },
    });

    assert.deepEqual(recorder.calls, [["ttlChanged", "expiring", "true"]]);
  });

  it("tells the data plane before the table's row goes", async () => {
    await create({ TableName: "doomed" });

    await call("DeleteTable", { TableName: "doomed" });

    assert.deepEqual(recorder.calls, [["tableDeleted", "doomed", "row present"]]);
    assert.equal((db.prepare("SELECT count(*) AS n FROM ddb_tables").get() as { n: number }).n, 0);
  });

  it("keeps the old definition when a hook fails", async () => {
    await create({ TableName: "unchanged" });
    recorder.hooks.failNext = "indexCreated";

    await assert.rejects(
      call("UpdateTable", {
        TableName: "unchanged",
        AttributeDefinitions: [attribute("g")],
        GlobalSecondaryIndexUpdates: [
          { Create: { IndexName: "by-g", KeySchema: [hashKey("g")], Projection: { ProjectionType: "ALL" } } },
        ],
      }),
      { message: "backfill failed" },
    );

    const { Table } = await call("DescribeTable", { TableName: "unchanged" });
    assert.equal(Table!.GlobalSecondaryIndexes, undefined);
    const stored = new TableRegistry(db, clock, recorder.hooks).get("000000000000", "us-east-1", "unchanged");
    assert.deepEqual(stored.definition.globalIndexes, []);
  });
});

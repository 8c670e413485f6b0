import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DescribeTableCommand,
  type GlobalSecondaryIndexUpdate,
  type TableDescription,
  UpdateTableCommand,
  type UpdateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import {
  assertDynamoError,
  attribute,
  createTable,
  hashKey,
  invalidParameter,
  provisionedTableInput,
  tableInput,
  validationError,
} from "./support.ts";

const DAY_MS = 86_400_000;

describe("UpdateTable", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const update = (input: UpdateTableCommandInput) => t.dynamodb.send(new UpdateTableCommand(input));
  const describeTable = async (name: string): Promise<TableDescription> =>
    (await t.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table!;

  /** An on-demand table with a GSI `g` on attribute `g`. */
  const tableWithIndex = (provisioned = false) =>
    createTable(
      t.dynamodb,
      provisioned
        ? provisionedTableInput({
            AttributeDefinitions: [attribute("pk"), attribute("sk", "N"), attribute("g")],
            GlobalSecondaryIndexes: [
              {
                IndexName: "gsi",
                KeySchema: [hashKey("g")],
                Projection: { ProjectionType: "ALL" },
                ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
              },
            ],
          })
        : tableInput({
            AttributeDefinitions: [attribute("pk"), attribute("g")],
            GlobalSecondaryIndexes: [
              { IndexName: "gsi", KeySchema: [hashKey("g")], Projection: { ProjectionType: "ALL" } },
            ],
          }),
    );

  describe("request shape (checked before the table is looked up)", () => {
    it("needs at least one change", async () => {
      await validationError(
        update({ TableName: "missing-table" }),
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required",
      );
    });

    it("counts AttributeDefinitions and an empty index list as no change", async () => {
      await validationError(
        update({
          TableName: "missing-table",
          AttributeDefinitions: [attribute("pk")],
          GlobalSecondaryIndexUpdates: [],
        }),
        /^At least one of ProvisionedThroughput, BillingMode, /,
      );
    });

    it("refuses an empty index list beside a change", async () => {
      await invalidParameter(
        update({
          TableName: "missing-table",
          GlobalSecondaryIndexUpdates: [],
          DeletionProtectionEnabled: true,
        }),
        "List of GlobalSecondaryIndexUpdates is empty",
      );
    });

    it("names the table only once the request is valid", async () => {
      await assertDynamoError(
        update({ TableName: "missing-table", DeletionProtectionEnabled: true }),
        "ResourceNotFoundException",
        "Requested resource not found: Table: missing-table not found",
      );
    });

    const combinations: [string, Partial<UpdateTableCommandInput>, string][] = [
      [
        "SSE with anything",
        { SSESpecification: { Enabled: true }, TableClass: "STANDARD", DeletionProtectionEnabled: true },
        "Server-Side Encryption modification must be the only operation in the request",
      ],
      [
        "TableClass with deletion protection",
        { TableClass: "STANDARD", DeletionProtectionEnabled: true },
        "TableClass modification must be the only operation in the request",
      ],
      [
        "deletion protection with throughput",
        {
          DeletionProtectionEnabled: true,
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        },
        "DeletionProtection modification must be the only operation in the request",
      ],
      [
        "on-demand maximums with a stream change",
        { OnDemandThroughput: { MaxReadRequestUnits: 5 }, StreamSpecification: { StreamEnabled: false } },
        "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request",
      ],
      [
        "warm throughput with a stream change",
        { WarmThroughput: { ReadUnitsPerSecond: 20000 }, StreamSpecification: { StreamEnabled: false } },
        "WarmThroughput must be the only operation in the request",
      ],
      [
        "a stream change with throughput",
        {
          StreamSpecification: { StreamEnabled: false },
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        },
        "You cannot modify stream status while updating table IOPS",
      ],
      [
        "an index deletion with throughput",
        {
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "gsi" } }],
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        },
        "You cannot create or delete index while updating table IOPS",
      ],
      [
        "an index deletion with a stream change",
        {
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "gsi" } }],
          StreamSpecification: { StreamEnabled: false },
        },
        "You cannot create or delete index while changing stream status",
      ],
    ];
    for (const [name, input, detail] of combinations) {
      it(`refuses ${name}`, async () => {
        await invalidParameter(update({ TableName: "missing-table", ...input }), detail);
      });
    }

    it("needs a view type to enable a stream", async () => {
      await invalidParameter(
        update({ TableName: "missing-table", StreamSpecification: { StreamEnabled: true } }),
        "If stream is being enabled then UpdateViewType is required",
      );
    });

    it("takes no view type to disable a stream", async () => {
      await invalidParameter(
        update({
          TableName: "missing-table",
          StreamSpecification: { StreamEnabled: false, StreamViewType: "NEW_IMAGE" },
        }),
        "If stream is being disabled, then UpdateViewType must not be specified",
      );
    });

    it("needs throughput to switch to PROVISIONED", async () => {
      await invalidParameter(
        update({ TableName: "missing-table", BillingMode: "PROVISIONED" }),
        "ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
      );
    });

    it("takes no throughput to switch to PAY_PER_REQUEST", async () => {
      await invalidParameter(
        update({
          TableName: "missing-table",
          BillingMode: "PAY_PER_REQUEST",
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        }),
        "ProvisionedThroughput cannot be specified when BillingMode is PAY_PER_REQUEST",
      );
    });

    it("refuses an index update entry without an action", async () => {
      await invalidParameter(
        update({ TableName: "missing-table", GlobalSecondaryIndexUpdates: [{}] }),
        "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null",
      );
    });

    it("refuses two actions in one index update entry", async () => {
      await invalidParameter(
        update({
          TableName: "missing-table",
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "gsi" }, Update: { IndexName: "gsi" } }],
        }),
        "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object",
      );
    });

    it("refuses two updates of one index", async () => {
      await invalidParameter(
        update({
          TableName: "missing-table",
          GlobalSecondaryIndexUpdates: [
            { Delete: { IndexName: "gsi" } },
            { Update: { IndexName: "gsi", OnDemandThroughput: {} } },
          ],
        }),
        "Only one global secondary index update per index is allowed simultaneously. Index: gsi",
      );
    });
  });

  describe("provisioned throughput", () => {
    it("raises capacity and records the increase", async () => {
      const created = await createTable(t.dynamodb, provisionedTableInput());

      const { TableDescription } = await update({
        TableName: created.TableName,
        ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
      });

      assert.equal(TableDescription!.TableStatus, "UPDATING");
      const table = await describeTable(created.TableName!);
      assert.equal(table.TableStatus, "ACTIVE");
      assert.equal(table.ProvisionedThroughput!.ReadCapacityUnits, 10);
      assert.ok(table.ProvisionedThroughput!.LastIncreaseDateTime instanceof Date);
      assert.equal(table.ProvisionedThroughput!.LastDecreaseDateTime, undefined);
      assert.deepEqual(table.WarmThroughput, {
        ReadUnitsPerSecond: 10,
        WriteUnitsPerSecond: 5,
        Status: "ACTIVE",
      });
    });

    it("lowers capacity, counts the decrease and keeps the warm high-water mark", async () => {
      const created = await createTable(t.dynamodb, provisionedTableInput());

      await update({
        TableName: created.TableName,
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      });

      const table = await describeTable(created.TableName!);
      assert.equal(table.ProvisionedThroughput!.NumberOfDecreasesToday, 1);
      assert.ok(table.ProvisionedThroughput!.LastDecreaseDateTime instanceof Date);
      assert.deepEqual(table.WarmThroughput, {
        ReadUnitsPerSecond: 5,
        WriteUnitsPerSecond: 5,
        Status: "ACTIVE",
      });
    });

    it("refuses the current capacity as no change", async () => {
      const created = await createTable(t.dynamodb, provisionedTableInput());

      await validationError(
        update({
          TableName: created.TableName,
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        }),
        "The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
      );
    });

    it("allows four decreases a UTC day, then one an hour, and resets at midnight", async () => {
      const tomorrow = (Math.floor(t.clock.now() / DAY_MS) + 1) * DAY_MS;
      t.clock.set(tomorrow + 10 * 3600_000);
      const created = await createTable(
        t.dynamodb,
        provisionedTableInput({ ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 } }),
      );
      for (const units of [9, 8, 7, 6]) {
        await update({
          TableName: created.TableName,
          ProvisionedThroughput: { ReadCapacityUnits: units, WriteCapacityUnits: 10 },
        });
      }

      await assertDynamoError(
        update({
          TableName: created.TableName,
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 10 },
        }),
        "LimitExceededException",
        new RegExp(
          "^Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day\\. " +
            "After the first 4 decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds\\. " +
            "Number of decreases today: 4\\. Last decrease at \\w+day, \\w+ \\d{1,2}, \\d{4} at 10:00:\\d\\d AM Coordinated Universal Time\\. " +
            "Next decrease can be made at \\w+day, \\w+ \\d{1,2}, \\d{4} at 11:00:\\d\\d AM Coordinated Universal Time$",
        ),
      );
      t.clock.advance(3600_000);
      await update({
        TableName: created.TableName,
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 10 },
      });
      assert.equal(
        (await describeTable(created.TableName!)).ProvisionedThroughput!.NumberOfDecreasesToday,
        5,
      );
      t.clock.advance(DAY_MS);
      assert.equal(
        (await describeTable(created.TableName!)).ProvisionedThroughput!.NumberOfDecreasesToday,
        0,
      );
    });

    it("refuses capacity above the per-table quota", async () => {
      const created = await createTable(t.dynamodb, provisionedTableInput());

      await assertDynamoError(
        update({
          TableName: created.TableName,
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 40001 },
        }),
        "LimitExceededException",
        "The requested WriteCapacityUnits, 40001, is above the per table maximum for the account in us-east-1. Per table maximum: 40000. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
      );
    });

    it("refuses throughput on an on-demand table", async () => {
      const created = await createTable(t.dynamodb);

      await invalidParameter(
        update({
          TableName: created.TableName,
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        }),
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
      );
    });
  });

  describe("billing mode", () => {
    it("switches a provisioned table to on-demand", async () => {
      const created = await createTable(t.dynamodb, provisionedTableInput());

      const { TableDescription } = await update({
        TableName: created.TableName,
        BillingMode: "PAY_PER_REQUEST",
      });

      assert.equal(TableDescription!.TableStatus, "UPDATING");
      const table = await describeTable(created.TableName!);
      assert.equal(table.BillingModeSummary!.BillingMode, "PAY_PER_REQUEST");
      assert.ok(table.BillingModeSummary!.LastUpdateToPayPerRequestDateTime instanceof Date);
      assert.deepEqual(table.ProvisionedThroughput, {
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: 0,
        WriteCapacityUnits: 0,
      });
      assert.deepEqual(table.WarmThroughput, {
        ReadUnitsPerSecond: 12000,
        WriteUnitsPerSecond: 4000,
        Status: "ACTIVE",
      });
    });

    it("switches to PROVISIONED only with throughput for every GSI", async () => {
      const created = await tableWithIndex();
      const pt = { ReadCapacityUnits: 3, WriteCapacityUnits: 4 };

      await invalidParameter(
        update({ TableName: created.TableName, BillingMode: "PROVISIONED", ProvisionedThroughput: pt }),
        "ProvisionedThroughput must be specified for index: gsi",
      );
      await update({
        TableName: created.TableName,
        BillingMode: "PROVISIONED",
        ProvisionedThroughput: pt,
        GlobalSecondaryIndexUpdates: [{ Update: { IndexName: "gsi", ProvisionedThroughput: pt } }],
      });

      const table = await describeTable(created.TableName!);
      assert.equal(table.BillingModeSummary!.BillingMode, "PROVISIONED");
      assert.equal(table.ProvisionedThroughput!.WriteCapacityUnits, 4);
      assert.equal(table.GlobalSecondaryIndexes![0]!.ProvisionedThroughput!.ReadCapacityUnits, 3);
    });

    it("sets and clears on-demand maximums (-1 clears)", async () => {
      const created = await createTable(t.dynamodb);

      const { TableDescription } = await update({
        TableName: created.TableName,
        OnDemandThroughput: { MaxReadRequestUnits: 100, MaxWriteRequestUnits: 50 },
      });
      await update({ TableName: created.TableName, OnDemandThroughput: { MaxReadRequestUnits: -1 } });

      assert.equal(TableDescription!.TableStatus, "ACTIVE");
      assert.deepEqual((await describeTable(created.TableName!)).OnDemandThroughput, {
        MaxWriteRequestUnits: 50,
      });
    });

    it("refuses on-demand maximums on a provisioned table", async () => {
      const created = await createTable(t.dynamodb, provisionedTableInput());

      await invalidParameter(
        update({ TableName: created.TableName, OnDemandThroughput: { MaxReadRequestUnits: 100 } }),
        "MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED",
      );
    });

    it("refuses an on-demand maximum above the table quota", async () => {
      const created = await createTable(t.dynamodb);

      await assertDynamoError(
        update({ TableName: created.TableName, OnDemandThroughput: { MaxReadRequestUnits: 40001 } }),
        "LimitExceededException",
        "Subscriber limit exceeded: Requested MaxReadRequestUnits for OnDemandThroughput for table exceeds TableMaxReadCapacityUnits of the account in region us-east-1",
      );
    });
  });

  describe("streams", () => {
    it("enables a stream: UPDATING with the requested spec, then ACTIVE", async () => {
      const created = await createTable(t.dynamodb);

      const { TableDescription } = await update({
        TableName: created.TableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
      });

      assert.equal(TableDescription!.TableStatus, "UPDATING");
      assert.deepEqual(TableDescription!.StreamSpecification, {
        StreamEnabled: true,
        StreamViewType: "NEW_IMAGE",
      });
      assert.equal(
        TableDescription!.LatestStreamArn,
        `${created.TableArn}/stream/${TableDescription!.LatestStreamLabel}`,
      );
      assert.equal(
        (await describeTable(created.TableName!)).LatestStreamArn,
        TableDescription!.LatestStreamArn,
      );
    });

    it("refuses a second enable, even to change the view type", async () => {
      const created = await createTable(
        t.dynamodb,
        tableInput({ StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } }),
      );

      for (const view of ["NEW_IMAGE", "KEYS_ONLY"] as const) {
        await validationError(
          update({
            TableName: created.TableName,
            StreamSpecification: { StreamEnabled: true, StreamViewType: view },
          }),
          `Table already has an enabled stream: TableName: ${created.TableName}`,
        );
      }
    });

    it("disables a stream: the spec goes, the latest stream ARN stays", async () => {
      const created = await createTable(
        t.dynamodb,
        tableInput({ StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } }),
      );

      const { TableDescription } = await update({
        TableName: created.TableName,
        StreamSpecification: { StreamEnabled: false },
      });

      assert.deepEqual(TableDescription!.StreamSpecification, { StreamEnabled: false });
      const table = await describeTable(created.TableName!);
      assert.equal(table.StreamSpecification, undefined);
      assert.equal(table.LatestStreamArn, created.LatestStreamArn);
      assert.equal(table.LatestStreamLabel, created.LatestStreamLabel);
    });

    it("refuses to disable a stream the table does not have", async () => {
      const created = await createTable(t.dynamodb);

      await validationError(
        update({ TableName: created.TableName, StreamSpecification: { StreamEnabled: false } }),
        `Table has no stream to disable: TableName: ${created.TableName}`,
      );
    });

    it("opens a new stream on re-enable", async () => {
      const created = await createTable(
        t.dynamodb,
        tableInput({ StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } }),
      );
      await update({ TableName: created.TableName, StreamSpecification: { StreamEnabled: false } });

      const { TableDescription } = await update({
        TableName: created.TableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      });

      assert.notEqual(TableDescription!.LatestStreamArn, created.LatestStreamArn);
      assert.ok(TableDescription!.LatestStreamLabel! > created.LatestStreamLabel!);
    });
  });

  describe("global secondary indexes", () => {
    const createIndex = (name: string, attributeName = "n"): GlobalSecondaryIndexUpdate => ({
      Create: {
        IndexName: name,
        KeySchema: [hashKey(attributeName)],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
    });

    it("adds an index: CREATING in the response, ACTIVE after", async () => {
      const created = await createTable(t.dynamodb);

      const { TableDescription } = await update({
        TableName: created.TableName,
        AttributeDefinitions: [attribute("n", "N")],
        GlobalSecondaryIndexUpdates: [createIndex("by-n")],
      });

      assert.equal(TableDescription!.TableStatus, "UPDATING");
      const [index] = TableDescription!.GlobalSecondaryIndexes!;
      assert.equal(index!.IndexStatus, "CREATING");
      assert.equal(index!.Backfilling, false);
      assert.equal(index!.IndexArn, `${created.TableArn}/index/by-n`);
      const table = await describeTable(created.TableName!);
      assert.equal(table.GlobalSecondaryIndexes![0]!.IndexStatus, "ACTIVE");
      assert.equal(table.GlobalSecondaryIndexes![0]!.Backfilling, undefined);
      assert.deepEqual(table.AttributeDefinitions, [attribute("n", "N"), attribute("pk")]);
    });

    it("needs AttributeDefinitions for a new index", async () => {
      const created = await createTable(t.dynamodb);

      await invalidParameter(
        update({ TableName: created.TableName, GlobalSecondaryIndexUpdates: [createIndex("by-n")] }),
        "AttributeDefinitions is not specified for index: by-n",
      );
    });

    it("needs throughput for a new index of a provisioned table", async () => {
      const created = await createTable(t.dynamodb, provisionedTableInput());

      await invalidParameter(
        update({
          TableName: created.TableName,
          AttributeDefinitions: [attribute("n")],
          GlobalSecondaryIndexUpdates: [createIndex("by-n")],
        }),
        "Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: by-n",
      );
    });

    it("refuses an index name in use", async () => {
      const created = await tableWithIndex();

      await validationError(
        update({
          TableName: created.TableName,
          AttributeDefinitions: [attribute("n")],
          GlobalSecondaryIndexUpdates: [createIndex("gsi")],
        }),
        "Attempting to create an index which already exists",
      );
    });

    it("creates or deletes one index per request", async () => {
      const created = await tableWithIndex();

      await assertDynamoError(
        update({
          TableName: created.TableName,
          AttributeDefinitions: [attribute("n")],
          GlobalSecondaryIndexUpdates: [createIndex("abc"), { Delete: { IndexName: "gsi" } }],
        }),
        "LimitExceededException",
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
      );
    });

    it("holds a table to 20 GSIs", async () => {
      const indexes = Array.from({ length: 20 }, (_, i) => ({
        IndexName: `gsi${i}`,
        KeySchema: [hashKey("g")],
        Projection: { ProjectionType: "KEYS_ONLY" as const },
      }));
      const created = await createTable(
        t.dynamodb,
        tableInput({
          AttributeDefinitions: [attribute("pk"), attribute("g")],
          GlobalSecondaryIndexes: indexes,
        }),
      );

      await assertDynamoError(
        update({
          TableName: created.TableName,
          AttributeDefinitions: [attribute("n")],
          GlobalSecondaryIndexUpdates: [createIndex("gsi20")],
        }),
        "LimitExceededException",
        "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of 20",
      );
    });

    it("deletes an index: DELETING in the response, gone after, its attribute pruned", async () => {
      const created = await tableWithIndex();

      const { TableDescription } = await update({
        TableName: created.TableName,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "gsi" } }],
      });

      assert.equal(TableDescription!.GlobalSecondaryIndexes![0]!.IndexStatus, "DELETING");
      const table = await describeTable(created.TableName!);
      assert.equal(table.GlobalSecondaryIndexes, undefined);
      assert.deepEqual(table.AttributeDefinitions, [attribute("pk")]);
    });

    it("does not find an unknown index", async () => {
      const created = await createTable(t.dynamodb);

      await assertDynamoError(
        update({
          TableName: created.TableName,
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "ghost" } }],
        }),
        "ResourceNotFoundException",
        `Requested resource not found: Index ghost for table ${created.TableName}`,
      );
    });

    it("refuses to delete a local index", async () => {
      const created = await createTable(
        t.dynamodb,
        provisionedTableInput({
          AttributeDefinitions: [attribute("pk"), attribute("sk", "N"), attribute("l")],
          LocalSecondaryIndexes: [
            {
              IndexName: "lsi",
              KeySchema: [hashKey("pk"), { AttributeName: "l", KeyType: "RANGE" }],
              Projection: { ProjectionType: "ALL" },
            },
          ],
        }),
      );

      await validationError(
        update({
          TableName: created.TableName,
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "lsi" } }],
        }),
        "Cannot delete an index that is not a GlobalSecondaryIndex: lsi",
      );
    });

    it("changes a provisioned index's throughput: UPDATING index, ACTIVE table", async () => {
      const created = await tableWithIndex(true);

      const { TableDescription } = await update({
        TableName: created.TableName,
        GlobalSecondaryIndexUpdates: [
          {
            Update: {
              IndexName: "gsi",
              ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 1 },
            },
          },
        ],
      });

      assert.equal(TableDescription!.TableStatus, "ACTIVE");
      assert.equal(TableDescription!.GlobalSecondaryIndexes![0]!.IndexStatus, "UPDATING");
      const index = (await describeTable(created.TableName!)).GlobalSecondaryIndexes![0]!;
      assert.equal(index.ProvisionedThroughput!.ReadCapacityUnits, 3);
      assert.equal(index.ProvisionedThroughput!.NumberOfDecreasesToday, 1);
      assert.ok(index.ProvisionedThroughput!.LastIncreaseDateTime instanceof Date);
    });

    it("refuses an index's current throughput as no change", async () => {
      const created = await tableWithIndex(true);

      await validationError(
        update({
          TableName: created.TableName,
          GlobalSecondaryIndexUpdates: [
            {
              Update: {
                IndexName: "gsi",
                ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
              },
            },
          ],
        }),
        /^The provisioned throughput for the index gsi will not change\. The requested value equals the current value\. Current ReadCapacityUnits provisioned for index gsi: 2\. Requested ReadCapacityUnits: 2\. /,
      );
    });

    it("allows only on-demand and warm updates to an on-demand table's index", async () => {
      const created = await tableWithIndex();

      await invalidParameter(
        update({
          TableName: created.TableName,
          GlobalSecondaryIndexUpdates: [
            {
              Update: {
                IndexName: "gsi",
                ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
              },
            },
          ],
        }),
        "The only Updates for index: gsi when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput",
      );
    });
  });

  describe("table class, deletion protection, encryption and warm throughput", () => {
    it("turns deletion protection on without leaving ACTIVE", async () => {
      const created = await createTable(t.dynamodb);

      const { TableDescription } = await update({
        TableName: created.TableName,
        DeletionProtectionEnabled: true,
      });

      assert.equal(TableDescription!.TableStatus, "ACTIVE");
      assert.equal(TableDescription!.DeletionProtectionEnabled, true);
    });

    it("changes the table class twice in 30 days, no more", async () => {
      const created = await createTable(t.dynamodb);

      await update({ TableName: created.TableName, TableClass: "STANDARD_INFREQUENT_ACCESS" });
      const summary = (await describeTable(created.TableName!)).TableClassSummary!;
      await update({ TableName: created.TableName, TableClass: "STANDARD" });

      assert.equal(summary.TableClass, "STANDARD_INFREQUENT_ACCESS");
      assert.ok(summary.LastUpdateDateTime instanceof Date);
      await assertDynamoError(
        update({ TableName: created.TableName, TableClass: "STANDARD_INFREQUENT_ACCESS" }),
        "LimitExceededException",
        "Subscriber limit exceeded: Updates to TableClass are limited to 2 times in 30 day(s).",
      );
    });

    it("reports a KMS key change as UPDATING, then ENABLED", async () => {
      const created = await createTable(t.dynamodb);

      const { TableDescription } = await update({
        TableName: created.TableName,
        SSESpecification: { Enabled: true, SSEType: "KMS" },
      });

      assert.equal(TableDescription!.TableStatus, "ACTIVE");
      assert.deepEqual(TableDescription!.SSEDescription, { Status: "UPDATING" });
      const sse = (await describeTable(created.TableName!)).SSEDescription!;
      assert.equal(sse.Status, "ENABLED");
      assert.equal(sse.SSEType, "KMS");
    });

    it("refuses the default key on a default-encrypted table", async () => {
      const created = await createTable(t.dynamodb);

      await invalidParameter(
        update({ TableName: created.TableName, SSESpecification: { Enabled: false } }),
        "Table is already encrypted by default",
      );
    });

    it("raises warm throughput but never lowers it", async () => {
      const created = await createTable(t.dynamodb);

      await update({ TableName: created.TableName, WarmThroughput: { ReadUnitsPerSecond: 15000 } });

      assert.deepEqual((await describeTable(created.TableName!)).WarmThroughput, {
        ReadUnitsPerSecond: 15000,
        WriteUnitsPerSecond: 4000,
        Status: "ACTIVE",
      });
      await invalidParameter(
        update({ TableName: created.TableName, WarmThroughput: { ReadUnitsPerSecond: 14000 } }),
        "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than current WarmThroughput, decreasing WarmThroughput is not supported",
      );
    });
  });
});

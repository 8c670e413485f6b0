/** AWS::DynamoDB::Table against the engine's DynamoDB: creation, Ref/GetAtt, in-place updates, replacement, errors. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
} from "@aws-sdk/client-dynamodb";
import { awsError } from "../../support/engine.ts";
import { create, failure, type Harness, handlerMessage, startHarness } from "./support.ts";

const TYPE = "AWS::DynamoDB::Table";

const keyed = (extra: Record<string, unknown> = {}) => ({
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
  BillingMode: "PAY_PER_REQUEST",
  ...extra,
});

const ordersTable = () => ({
  TableName: "orders",
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  AttributeDefinitions: [
    { AttributeName: "id", AttributeType: "S" },
    { AttributeName: "customer", AttributeType: "S" },
  ],
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: "1" },
  GlobalSecondaryIndexes: [
    {
      IndexName: "by-customer",
      KeySchema: [{ AttributeName: "customer", KeyType: "HASH" }],
      Projection: { ProjectionType: "ALL" },
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    },
  ],
  StreamSpecification: { StreamViewType: "NEW_IMAGE" },
  TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  Tags: [{ Key: "app", Value: "orderflow" }],
});

describe("AWS::DynamoDB::Table", () => {
  let h: Harness;
  const describeTable = async (name: string) =>
    (await h.t.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table!;

  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it("creates a provisioned table with its index, stream, time to live and tags", async () => {
    const state = await create(h, TYPE, "Orders", ordersTable());

    const table = await describeTable("orders");
    assert.equal(table.TableStatus, "ACTIVE");
    assert.deepEqual(table.ProvisionedThroughput?.WriteCapacityUnits, 1);
    assert.equal(table.GlobalSecondaryIndexes?.[0]?.IndexName, "by-customer");
    assert.equal(table.StreamSpecification?.StreamViewType, "NEW_IMAGE");
    const ttl = await h.t.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: "orders" }));
    assert.equal(ttl.TimeToLiveDescription?.AttributeName, "expiresAt");
    const { Tags } = await h.t.dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }));
    assert.deepEqual(Tags, [{ Key: "app", Value: "orderflow" }]);
    assert.equal(state.physicalId, "orders");
    assert.equal(state.attributes.Arn, table.TableArn);
    assert.equal(state.attributes.StreamArn, table.LatestStreamArn);
  });

  it("generates a name when TableName is absent", async () => {
    const state = await create(h, TYPE, "Events", keyed());

    assert.match(state.physicalId, /^teststack-Events-[A-Za-z0-9]{12}$/);
    assert.equal((await describeTable(state.physicalId)).BillingModeSummary?.BillingMode, "PAY_PER_REQUEST");
    assert.equal(state.attributes.StreamArn, undefined);
  });

  it("changes provisioned throughput in place", async () => {
    const before = {
      ...keyed({ TableName: "throttled", BillingMode: "PROVISIONED" }),
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    };
    const state = await create(h, TYPE, "Throttled", before);
    const next = { ...before, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 5 } };

    const result = await h.provider(TYPE).update(state, next, before, h.context("Throttled"));

    assert.notEqual(result, "replace");
    assert.equal((await describeTable("throttled")).ProvisionedThroughput?.WriteCapacityUnits, 5);
  });

  it("adds a global secondary index and removes the stream in one update", async () => {
    const before = keyed({ TableName: "growing", StreamSpecification: { StreamViewType: "KEYS_ONLY" } });
    const state = await create(h, TYPE, "Growing", before);
    const next = keyed({
      TableName: "growing",
      AttributeDefinitions: [
        { AttributeName: "id", AttributeType: "S" },
        { AttributeName: "status", AttributeType: "S" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "by-status",
          KeySchema: [{ AttributeName: "status", KeyType: "HASH" }],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    });

    const result = await h.provider(TYPE).update(state, next, before, h.context("Growing"));

    const table = await describeTable("growing");
    assert.deepEqual(
      table.GlobalSecondaryIndexes?.map((i) => i.IndexName),
      ["by-status"],
    );
    assert.notEqual(table.StreamSpecification?.StreamEnabled, true);
    assert.notEqual(result, "replace");
    assert.equal(result === "replace" ? undefined : result.attributes.StreamArn, undefined);
  });

  it("turns time to live off when the specification goes", async () => {
    const before = keyed({
      TableName: "expiring",
      TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
    });
    const state = await create(h, TYPE, "Expiring", before);

    await h.provider(TYPE).update(state, keyed({ TableName: "expiring" }), before, h.context("Expiring"));

    const ttl = await h.t.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: "expiring" }));
    assert.equal(ttl.TimeToLiveDescription?.TimeToLiveStatus, "DISABLED");
  });

  it("replaces the table when its key schema changes", async () => {
    const before = keyed({ TableName: "rekeyed" });
    const state = await create(h, TYPE, "Rekeyed", before);
    const next = keyed({
      TableName: "rekeyed",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    });

    assert.equal(await h.provider(TYPE).update(state, next, before, h.context("Rekeyed")), "replace");
  });

  it("replaces the table when its name changes", async () => {
    const before = keyed({ TableName: "first-name" });
    const state = await create(h, TYPE, "Named", before);

    assert.equal(
      await h.provider(TYPE).update(state, keyed({ TableName: "second-name" }), before, h.context("Named")),
      "replace",
    );
  });

  it("deletes the table", async () => {
    const state = await create(h, TYPE, "Doomed", keyed({ TableName: "doomed" }));

    await h.provider(TYPE).delete(state, keyed({ TableName: "doomed" }), h.context("Doomed"));

    const error = await awsError(() => h.t.dynamodb.send(new DescribeTableCommand({ TableName: "doomed" })));
    assert.equal(error.name, "ResourceNotFoundException");
  });

  it("fails with DynamoDB's message when a provisioned table has no throughput", async () => {
    const error = await failure(() =>
      create(h, TYPE, "NoThroughput", keyed({ TableName: "no-throughput", BillingMode: "PROVISIONED" })),
    );

    assert.match(
      error.message,
      handlerMessage(
        /One or more parameter values were invalid: .*\(Service: DynamoDb, Status Code: 400, Request ID: [0-9a-f-]{36}\)/,
      ),
    );
  });

  it("fails when the table exists already", async () => {
    await create(h, TYPE, "Taken", keyed({ TableName: "taken" }));

    const error = await failure(() => create(h, TYPE, "Again", keyed({ TableName: "taken" })));

    assert.match(
      error.message,
      handlerMessage(
        "Resource of type 'AWS::DynamoDB::Table' with identifier 'taken' already exists.",
        "AlreadyExists",
      ),
    );
  });

  it("fails property validation when the key schema is missing", async () => {
    const error = await failure(() => create(h, TYPE, "Keyless", { BillingMode: "PAY_PER_REQUEST" }));

    assert.equal(
      error.message,
      "Properties validation failed for resource Keyless with message: [#: required key [KeySchema] not found]",
    );
  });

  it("refuses a Kinesis streaming destination, naming it", async () => {
    const error = await failure(() =>
      create(
        h,
        TYPE,
        "Streaming",
        keyed({
          KinesisStreamSpecification: { StreamArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s" },
        }),
      ),
    );

    assert.match(error.message, /KinesisStreamSpecification is not supported by the Orderflow engine/);
  });
});

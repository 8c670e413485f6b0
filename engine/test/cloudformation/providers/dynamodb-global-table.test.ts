/**
 * AWS::DynamoDB::GlobalTable in one region, with the properties the CDK's TableV2 synthesizes
 * (aws-cdk-lib 2.x: Billing.provisioned with an auto-scaled write capacity, Billing.onDemand with
 * maximums).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeTableCommand, DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { create, failure, type Harness, handlerMessage, startHarness } from "./support.ts";

const TYPE = "AWS::DynamoDB::GlobalTable";

const autoscaledWrite = (min: number, max: number) => ({
  WriteCapacityAutoScalingSettings: {
    MaxCapacity: max,
    MinCapacity: min,
    TargetTrackingScalingPolicyConfiguration: { TargetValue: 70 },
  },
});

/** What TableV2 emits for a provisioned table at 1 RCU / 1 WCU with a GSI, a stream and TTL. */
const provisionedTableV2 = (name: string) => ({
  TableName: name,
  AttributeDefinitions: [
    { AttributeName: "id", AttributeType: "S" },
    { AttributeName: "c", AttributeType: "S" },
  ],
  BillingMode: "PROVISIONED",
  GlobalSecondaryIndexes: [
    {
      IndexName: "gsi",
      KeySchema: [{ AttributeName: "c", KeyType: "HASH" }],
      Projection: { ProjectionType: "ALL" },
      WriteProvisionedThroughputSettings: autoscaledWrite(1, 1),
    },
  ],
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  Replicas: [
    {
      GlobalSecondaryIndexes: [
        { IndexName: "gsi", ReadProvisionedThroughputSettings: { ReadCapacityUnits: 1 } },
      ],
      ReadProvisionedThroughputSettings: { ReadCapacityUnits: 1 },
      Region: "us-east-1",
    },
  ],
  StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
  TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
  WriteProvisionedThroughputSettings: autoscaledWrite(1, 1),
});

const onDemandTableV2 = (name: string) => ({
  TableName: name,
  AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
  BillingMode: "PAY_PER_REQUEST",
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  Replicas: [{ ReadOnDemandThroughputSettings: { MaxReadRequestUnits: 10 }, Region: "us-east-1" }],
  WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: 5 },
});

describe("AWS::DynamoDB::GlobalTable", () => {
  let h: Harness;
  const describeTable = async (name: string) =>
    (await h.t.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table!;

  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it("creates the replica in the stack's region at the auto-scaled write capacity's minimum", async () => {
    await create(h, TYPE, "Orders", provisionedTableV2("global-orders"));

    const table = await describeTable("global-orders");
    assert.deepEqual(
      [table.ProvisionedThroughput?.ReadCapacityUnits, table.ProvisionedThroughput?.WriteCapacityUnits],
      [1, 1],
    );
    const index = table.GlobalSecondaryIndexes?.[0];
    assert.deepEqual(
      [index?.ProvisionedThroughput?.ReadCapacityUnits, index?.ProvisionedThroughput?.WriteCapacityUnits],
      [1, 1],
    );
    assert.equal(table.StreamSpecification?.StreamViewType, "NEW_AND_OLD_IMAGES");
    const ttl = await h.t.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: "global-orders" }));
    assert.equal(ttl.TimeToLiveDescription?.TimeToLiveStatus, "ENABLED");
  });

  it("Refs to the table name and reads Arn, StreamArn and TableId", async () => {
    const state = await create(h, TYPE, "Attributes", provisionedTableV2("global-attributes"));

    const table = await describeTable("global-attributes");
    assert.equal(state.physicalId, "global-attributes");
    assert.equal(state.attributes.Arn, table.TableArn);
    assert.equal(state.attributes.StreamArn, table.LatestStreamArn);
    assert.equal(state.attributes.TableId, table.TableId);
  });

  it("starts an auto-scaled capacity at its seed capacity when one is given", async () => {
    const properties = provisionedTableV2("seeded");
    properties.WriteProvisionedThroughputSettings.WriteCapacityAutoScalingSettings = {
      ...autoscaledWrite(1, 10).WriteCapacityAutoScalingSettings,
      SeedCapacity: 4,
    } as never;

    await create(h, TYPE, "Seeded", properties);

    assert.equal((await describeTable("seeded")).ProvisionedThroughput?.WriteCapacityUnits, 4);
  });

  it("turns on-demand maximums into the table's OnDemandThroughput", async () => {
    await create(h, TYPE, "OnDemand", onDemandTableV2("global-on-demand"));

    const table = await describeTable("global-on-demand");
    assert.deepEqual(table.OnDemandThroughput, { MaxReadRequestUnits: 10, MaxWriteRequestUnits: 5 });
  });

  it("changes the write capacity in place", async () => {
    const before = provisionedTableV2("resized");
    const state = await create(h, TYPE, "Resized", before);
    const next = { ...before, WriteProvisionedThroughputSettings: autoscaledWrite(3, 3) };

    const result = await h.provider(TYPE).update(state, next, before, h.context("Resized"));

    assert.notEqual(result, "replace");
    assert.equal((await describeTable("resized")).ProvisionedThroughput?.WriteCapacityUnits, 3);
  });

  it("refuses replicas in other regions, naming them", async () => {
    const properties = onDemandTableV2("two-regions");
    properties.Replicas.push({ Region: "eu-west-1" } as never);

    const error = await failure(() => create(h, TYPE, "TwoRegions", properties));

    assert.match(
      error.message,
      handlerMessage(
        "The Orderflow engine creates a global table in one region only: remove the replicas in eu-west-1.",
      ),
    );
  });

  it("refuses replicas that leave out the stack's region", async () => {
    const properties = { ...onDemandTableV2("elsewhere"), Replicas: [{ Region: "eu-west-1" }] };

    const error = await failure(() => create(h, TYPE, "Elsewhere", properties));

    assert.match(error.message, /remove the replicas in eu-west-1/);
  });

  it("fails property validation without Replicas", async () => {
    const { Replicas: _replicas, ...properties } = onDemandTableV2("no-replicas");

    const error = await failure(() => create(h, TYPE, "NoReplicas", properties));

    assert.equal(
      error.message,
      "Properties validation failed for resource NoReplicas with message: [#: required key [Replicas] not found]",
    );
  });
});

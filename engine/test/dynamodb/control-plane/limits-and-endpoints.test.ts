import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeEndpointsCommand, DescribeLimitsCommand } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { rawCall } from "./support.ts";

describe("DescribeLimits, DescribeEndpoints and unknown operations", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("reports the default account and table capacity quotas", async () => {
    const { $metadata, ...limits } = await t.dynamodb.send(new DescribeLimitsCommand({}));

    assert.deepEqual(limits, {
      AccountMaxReadCapacityUnits: 80000,
      AccountMaxWriteCapacityUnits: 80000,
      TableMaxReadCapacityUnits: 40000,
      TableMaxWriteCapacityUnits: 40000,
    });
  });

  it("names the region's DynamoDB endpoint for a day", async () => {
    const { Endpoints } = await t.dynamodbClient("eu-west-1").send(new DescribeEndpointsCommand({}));

    assert.deepEqual(Endpoints, [
      { Address: "dynamodb.eu-west-1.amazonaws.com", CachePeriodInMinutes: 1440 },
    ]);
  });

  it("answers an unknown operation with Coral's UnknownOperationException", async () => {
    const { status, body } = await rawCall(t.endpoint, "FlyToTheMoon", {});

    assert.equal(status, 400);
    assert.deepEqual(body, { __type: "com.amazon.coral.service#UnknownOperationException" });
  });
});

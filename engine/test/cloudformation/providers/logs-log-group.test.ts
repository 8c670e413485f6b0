/** AWS::Logs::LogGroup against the engine's CloudWatch Logs. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeLogGroupsCommand, ListTagsForResourceCommand } from "@aws-sdk/client-cloudwatch-logs";
import { create, failure, type Harness, handlerMessage, startHarness } from "./support.ts";

const TYPE = "AWS::Logs::LogGroup";

describe("AWS::Logs::LogGroup", () => {
  let h: Harness;
  const group = async (name: string) =>
    (await h.t.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups?.find(
      (g) => g.logGroupName === name,
    );

  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it("creates the group with its retention; Ref is the name and Arn ends in :*", async () => {
    const state = await create(h, TYPE, "FunctionLogs", {
      LogGroupName: "/aws/lambda/writer",
      RetentionInDays: 7,
    });

    assert.equal(state.physicalId, "/aws/lambda/writer");
    assert.equal(state.attributes.Arn, "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/writer:*");
    assert.equal((await group("/aws/lambda/writer"))?.retentionInDays, 7);
  });

  it("generates a name when LogGroupName is absent", async () => {
    const state = await create(h, TYPE, "Audit", {});

    assert.match(state.physicalId, /^teststack-Audit-[A-Za-z0-9]{12}$/);
    assert.ok(await group(state.physicalId));
  });

  it("changes and removes the retention in place", async () => {
    const before = { LogGroupName: "/retained", RetentionInDays: 7 };
    const state = await create(h, TYPE, "Retained", before);

    await h
      .provider(TYPE)
      .update(state, { LogGroupName: "/retained", RetentionInDays: 30 }, before, h.context("Retained"));
    const changed = (await group("/retained"))?.retentionInDays;
    await h
      .provider(TYPE)
      .update(
        state,
        { LogGroupName: "/retained" },
        { LogGroupName: "/retained", RetentionInDays: 30 },
        h.context("Retained"),
      );

    assert.equal(changed, 30);
    assert.equal((await group("/retained"))?.retentionInDays, undefined);
  });

  it("updates tags in place", async () => {
    const before = {
      LogGroupName: "/tagged",
      Tags: [
        { Key: "a", Value: "1" },
        { Key: "b", Value: "2" },
      ],
    };
    const state = await create(h, TYPE, "Tagged", before);

    await h
      .provider(TYPE)
      .update(
        state,
        { LogGroupName: "/tagged", Tags: [{ Key: "a", Value: "9" }] },
        before,
        h.context("Tagged"),
      );

    const { tags } = await h.t.logs.send(
      new ListTagsForResourceCommand({
        resourceArn: "arn:aws:logs:us-east-1:000000000000:log-group:/tagged",
      }),
    );
    assert.deepEqual(tags, { a: "9" });
  });

  it("deletes the group", async () => {
    const state = await create(h, TYPE, "Doomed", { LogGroupName: "/doomed" });

    await h.provider(TYPE).delete(state, { LogGroupName: "/doomed" }, h.context("Doomed"));

    assert.equal(await group("/doomed"), undefined);
  });

  it("fails when the group exists already", async () => {
    await create(h, TYPE, "First", { LogGroupName: "/taken" });

    const error = await failure(() => create(h, TYPE, "Second", { LogGroupName: "/taken" }));

    assert.match(
      error.message,
      handlerMessage(
        "Resource of type 'AWS::Logs::LogGroup' with identifier '/taken' already exists.",
        "AlreadyExists",
      ),
    );
  });

  it("fails property validation for a retention CloudWatch Logs does not offer", async () => {
    const error = await failure(() => create(h, TYPE, "Odd", { RetentionInDays: 8 }));

    assert.equal(
      error.message,
      "Properties validation failed for resource Odd with message: [#/RetentionInDays: failed validation constraint for keyword [enum]]",
    );
  });
});

/**
 * Log group tags through the SDK: tags given at creation, TagResource / UntagResource /
 * ListTagsForResource by ARN and the deprecated TagLogGroup / UntagLogGroup / ListTagsLogGroup
 * by name, which see the same tags.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateLogGroupCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import { assertLogsError, groupArn, uniqueName } from "./support.ts";

describe("CloudWatch Logs tags", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const newGroup = async (tags?: Record<string, string>) => {
    const name = uniqueName();
    await t.logs.send(new CreateLogGroupCommand({ logGroupName: name, tags }));
    return name;
  };
  const tagsByArn = async (name: string) =>
    (await t.logs.send(new ListTagsForResourceCommand({ resourceArn: groupArn(name) }))).tags;
  const tagsByName = async (name: string) =>
    (await t.logs.send(new ListTagsLogGroupCommand({ logGroupName: name }))).tags;

  it("lists the tags a group was created with", async () => {
    const name = await newGroup({ env: "testing" });

    assert.deepEqual(await tagsByName(name), { env: "testing" });
    assert.deepEqual(await tagsByArn(name), { env: "testing" });
  });

  it("lists no tags for a group created without any", async () => {
    assert.deepEqual(await tagsByArn(await newGroup()), {});
  });

  it("TagResource adds and overwrites tags; both APIs see them", async () => {
    const name = await newGroup({ env: "testing1" });

    await t.logs.send(
      new TagResourceCommand({ resourceArn: groupArn(name), tags: { test1: "val1", env: "prod" } }),
    );

    assert.deepEqual(await tagsByArn(name), { env: "prod", test1: "val1" });
    assert.deepEqual(await tagsByName(name), { env: "prod", test1: "val1" });
  });

  it("TagLogGroup adds tags by name", async () => {
    const name = await newGroup({ env: "testing1" });

    await t.logs.send(new TagLogGroupCommand({ logGroupName: name, tags: { test3: "val3" } }));

    assert.deepEqual(await tagsByArn(name), { env: "testing1", test3: "val3" });
  });

  it("UntagResource and UntagLogGroup remove the keys they name", async () => {
    const name = await newGroup({ env: "testing1", test1: "val1", test2: "val2", test3: "val3" });

    await t.logs.send(new UntagLogGroupCommand({ logGroupName: name, tags: ["test3"] }));
    await t.logs.send(
      new UntagResourceCommand({ resourceArn: groupArn(name), tagKeys: ["env", "test1", "absent"] }),
    );

    assert.deepEqual(await tagsByName(name), { test2: "val2" });
  });

  it("refuses to hold more than 50 tags with TooManyTagsException", async () => {
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key${i}`, "v"]));
    const name = await newGroup(tags);

    const error = await awsError(() =>
      t.logs.send(new TagResourceCommand({ resourceArn: groupArn(name), tags: { one: "more" } })),
    );

    assert.equal(error.name, "TooManyTagsException");
    assert.equal(Object.keys((await tagsByArn(name)) ?? {}).length, 50);
  });

  it("rejects a tag key outside the model's pattern", async () => {
    await assertLogsError(
      () => t.logs.send(new CreateLogGroupCommand({ logGroupName: uniqueName(), tags: { "bad!key": "v" } })),
      "InvalidParameterException",
      /^1 validation error detected: Value '\{bad!key=v\}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: \[Member must satisfy regular expression pattern: /,
    );
  });

  describe("a group that does not exist", () => {
    const missing = "missing-group";
    for (const [operation, call] of [
      [
        "TagResource",
        (t: TestEngine) =>
          t.logs.send(new TagResourceCommand({ resourceArn: groupArn(missing), tags: { a: "b" } })),
      ],
      [
        "UntagResource",
        (t: TestEngine) =>
          t.logs.send(new UntagResourceCommand({ resourceArn: groupArn(missing), tagKeys: ["a"] })),
      ],
      [
        "ListTagsForResource",
        (t: TestEngine) => t.logs.send(new ListTagsForResourceCommand({ resourceArn: groupArn(missing) })),
      ],
      [
        "TagLogGroup",
        (t: TestEngine) => t.logs.send(new TagLogGroupCommand({ logGroupName: missing, tags: { a: "b" } })),
      ],
      [
        "UntagLogGroup",
        (t: TestEngine) => t.logs.send(new UntagLogGroupCommand({ logGroupName: missing, tags: ["a"] })),
      ],
      [
        "ListTagsLogGroup",
        (t: TestEngine) => t.logs.send(new ListTagsLogGroupCommand({ logGroupName: missing })),
      ],
    ] as const) {
      it(`${operation} answers ResourceNotFoundException`, async () => {
        await assertLogsError(
          () => call(t),
          "ResourceNotFoundException",
          "The specified log group does not exist.",
        );
      });
    }
  });
});

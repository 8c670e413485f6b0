import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ListTagsOfResourceCommand,
  type Tag,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import {
  ACCOUNT_ID,
  assertDynamoError,
  createTable,
  invalidParameter,
  tableInput,
  validationError,
} from "./support.ts";

describe("TagResource, UntagResource and ListTagsOfResource", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const tag = (ResourceArn: string, Tags: Tag[]) =>
    t.dynamodb.send(new TagResourceCommand({ ResourceArn, Tags }));
  const untag = (ResourceArn: string, TagKeys: string[]) =>
    t.dynamodb.send(new UntagResourceCommand({ ResourceArn, TagKeys }));
  const tagsOf = async (ResourceArn: string) =>
    (await t.dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn }))).Tags;
  const newArn = async () => (await createTable(t.dynamodb)).TableArn!;

  it("lists no tags on an untagged table", async () => {
    assert.deepEqual(await tagsOf(await newArn()), []);
  });

  it("adds tags and overwrites values of existing keys", async () => {
    const arn = await newArn();

    await tag(arn, [
      { Key: "team", Value: "orders" },
      { Key: "env", Value: "dev" },
    ]);
    await tag(arn, [{ Key: "env", Value: "prod" }]);

    assert.deepEqual(await tagsOf(arn), [
      { Key: "team", Value: "orders" },
      { Key: "env", Value: "prod" },
    ]);
  });

  it("removes tags by key, ignoring keys it does not have", async () => {
    const arn = await newArn();
    await tag(arn, [
      { Key: "a", Value: "1" },
      { Key: "b", Value: "2" },
    ]);

    await untag(arn, ["a", "missing"]);

    assert.deepEqual(await tagsOf(arn), [{ Key: "b", Value: "2" }]);
  });

  it("accepts letters of any script, spaces and + - = . _ : / @, and empty values", async () => {
    const arn = await newArn();

    await tag(arn, [
      { Key: "ключ café 表", Value: "a+b-c=d.e_f:g/h@i" },
      { Key: "empty", Value: "" },
    ]);

    assert.equal((await tagsOf(arn))!.length, 2);
  });

  describe("refuses", () => {
    it("an empty tag list", async () => {
      await validationError(tag(await newArn(), []), "Atleast one Tag needs to be provided as Input.");
    });

    it("an empty tag-key list", async () => {
      await validationError(untag(await newArn(), []), "Atleast one Tag Key needs to be provided as Input.");
    });

    it("an empty key", async () => {
      await validationError(
        tag(await newArn(), [{ Key: "", Value: "v" }]),
        "The Tag Key provided is invalid, Key: ",
      );
    });

    it("a key longer than 128 characters", async () => {
      const key = "k".repeat(129);

      await validationError(
        tag(await newArn(), [{ Key: key, Value: "v" }]),
        `The Tag Key provided is invalid, Key: ${key}`,
      );
    });

    it("a value longer than 256 characters", async () => {
      const value = "v".repeat(257);

      await validationError(
        tag(await newArn(), [{ Key: "k", Value: value }]),
        `The Tag Value provided is invalid, Value: ${value}`,
      );
    });

    it("a tag without a value", async () => {
      await validationError(
        tag(await newArn(), [{ Key: "k" } as Tag]),
        "The Tag Value provided is invalid, Value: null",
      );
    });

    it("characters outside AWS's tag charset", async () => {
      await validationError(
        tag(await newArn(), [{ Key: "k", Value: "a,b" }]),
        "The Tag Value provided is invalid, Value: a,b",
      );
    });

    it("keys prefixed aws:, applying none of the request", async () => {
      const arn = await newArn();

      await validationError(
        tag(arn, [
          { Key: "good", Value: "1" },
          { Key: "aws:zzz", Value: "2" },
        ]),
        "Tag Key cannot be prefixed with aws:, Key: aws:zzz",
      );
      assert.deepEqual(await tagsOf(arn), []);
    });

    it("a key given twice", async () => {
      await validationError(
        tag(await newArn(), [
          { Key: "dup", Value: "1" },
          { Key: "dup", Value: "2" },
        ]),
        "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup",
      );
    });

    it("a 51st tag, counted after the merge", async () => {
      const arn = await newArn();
      await tag(
        arn,
        Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" })),
      );

      await tag(arn, [{ Key: "k0", Value: "new" }]);
      await validationError(
        tag(arn, [{ Key: "k50", Value: "v" }]),
        "Number of Tags exceed the current limit for the provided ResourceArn",
      );
    });

    it("more than 50 keys to remove", async () => {
      await validationError(
        untag(
          await newArn(),
          Array.from({ length: 51 }, (_, i) => `k${i}`),
        ),
        "Number of Tags exceed the current limit for the provided ResourceArn",
      );
    });
  });

  describe("resource ARNs", () => {
    it("must start with arn:", async () => {
      await invalidParameter(
        tag("orders", [{ Key: "k", Value: "v" }]),
        "ARNs must start with 'arn:': orders",
      );
    });

    it("must be DynamoDB's", async () => {
      const arn = `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:queue`;

      await invalidParameter(tagsOf(arn), `Provided Arn is not a DynamoDB resource arn: ${arn}`);
    });

    it("must name a table, not an index", async () => {
      const arn = `${await newArn()}/index/gsi`;

      await invalidParameter(
        tagsOf(arn),
        `Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}`,
      );
    });

    it("must be of the caller's region", async () => {
      const arn = `arn:aws:dynamodb:eu-west-1:${ACCOUNT_ID}:table/${tableInput().TableName}`;

      await validationError(tagsOf(arn), `Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
    });

    it("name an existing table, else ResourceNotFoundException", async () => {
      const arn = `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/missing`;

      await assertDynamoError(
        tag(arn, [{ Key: "k", Value: "v" }]),
        "ResourceNotFoundException",
        `Requested resource not found: ResourceArn: ${arn} not found`,
      );
      await assertDynamoError(
        untag(arn, ["k"]),
        "ResourceNotFoundException",
        `Requested resource not found: ResourceArn: ${arn} not found`,
      );
      await assertDynamoError(
        tagsOf(arn),
        "ResourceNotFoundException",
        `Requested resource not found: ResourceArn: ${arn} not found`,
      );
    });

    it("are checked after an empty tag list", async () => {
      const arn = `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/missing`;

      await validationError(tag(arn, []), "Atleast one Tag needs to be provided as Input.");
    });
  });
});

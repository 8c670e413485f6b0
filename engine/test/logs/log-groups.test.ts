/**
 * Log groups through the SDK: CreateLogGroup, DescribeLogGroups, DeleteLogGroup,
 * PutRetentionPolicy, DeleteRetentionPolicy, and an operation the engine does not serve.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  type DescribeLogGroupsCommandInput,
  type LogGroup,
  PutRetentionPolicyCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  ACCOUNT_ID,
  assertLogsError,
  createGroupWithStream,
  eventsAt,
  groupArn,
  putEvents,
  REGION,
  uniqueName,
} from "./support.ts";

describe("CloudWatch Logs log groups", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const describeGroup = async (name: string): Promise<LogGroup | undefined> => {
    const { logGroups } = await t.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    return logGroups?.find((g) => g.logGroupName === name);
  };

  describe("CreateLogGroup", () => {
    it("creates a group described with its ARNs, class, creation time and zero bytes", async () => {
      const name = `/aws/lambda/${uniqueName("fn")}`;

      await t.logs.send(new CreateLogGroupCommand({ logGroupName: name }));

      assert.deepEqual(await describeGroup(name), {
        logGroupName: name,
        creationTime: t.clock.now(),
        metricFilterCount: 0,
        arn: `${groupArn(name)}:*`,
        storedBytes: 0,
        logGroupClass: "STANDARD",
        logGroupArn: groupArn(name),
        deletionProtectionEnabled: false,
      });
    });

    it("records the KMS key and log group class it is given", async () => {
      const name = uniqueName();
      const kmsKeyId = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

      await t.logs.send(
        new CreateLogGroupCommand({ logGroupName: name, kmsKeyId, logGroupClass: "INFREQUENT_ACCESS" }),
      );

      const group = await describeGroup(name);
      assert.equal(group?.kmsKeyId, kmsKeyId);
      assert.equal(group?.logGroupClass, "INFREQUENT_ACCESS");
    });

    it("rejects a second group of the same name with ResourceAlreadyExistsException", async () => {
      const name = uniqueName();
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: name }));

      await assertLogsError(
        () => t.logs.send(new CreateLogGroupCommand({ logGroupName: name })),
        "ResourceAlreadyExistsException",
        "The specified log group already exists",
      );
    });

    it("rejects a name longer than 512 characters with the service's own message", async () => {
      await assertLogsError(
        () => t.logs.send(new CreateLogGroupCommand({ logGroupName: "a".repeat(513) })),
        "InvalidParameterException",
        "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
      );
    });

    it("accepts a name of exactly 512 characters", async () => {
      const name = "b".repeat(512);

      await t.logs.send(new CreateLogGroupCommand({ logGroupName: name }));

      assert.equal((await describeGroup(name))?.logGroupName, name);
    });

    it("rejects characters outside [.-_/#A-Za-z0-9] with Coral's validation message", async () => {
      await assertLogsError(
        () => t.logs.send(new CreateLogGroupCommand({ logGroupName: "orders:errors" })),
        "InvalidParameterException",
        "1 validation error detected: Value 'orders:errors' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
      );
    });

    it("rejects an unknown log group class", async () => {
      await assertLogsError(
        () =>
          t.logs.send(
            new CreateLogGroupCommand({ logGroupName: uniqueName(), logGroupClass: "COLD" as "STANDARD" }),
          ),
        "InvalidParameterException",
        /Member must satisfy enum value set: \[STANDARD, INFREQUENT_ACCESS, DELIVERY\]/,
      );
    });
  });

  describe("DescribeLogGroups", () => {
    const family = `/describe/${uniqueName("family")}`;
    const names = [`${family}/c`, `${family}/a`, `${family}/b`, `${family}/B`];
    before(async () => {
      for (const name of names) await t.logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    });

    const listNames = async (input: DescribeLogGroupsCommandInput) =>
      (await t.logs.send(new DescribeLogGroupsCommand(input))).logGroups?.map((g) => g.logGroupName);

    it("lists the groups with a prefix in ASCII order of name", async () => {
      assert.deepEqual(await listNames({ logGroupNamePrefix: family }), [
        `${family}/B`,
        `${family}/a`,
        `${family}/b`,
        `${family}/c`,
      ]);
    });

    it("matches logGroupNamePattern as a case-sensitive substring, showing fewer fields", async () => {
      const { logGroups } = await t.logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePattern: `${family}/B` }),
      );

      assert.deepEqual(
        logGroups?.map((g) => g.logGroupName),
        [`${family}/B`],
      );
      assert.equal(logGroups?.[0]?.storedBytes, undefined);
      assert.equal(logGroups?.[0]?.arn, `${groupArn(`${family}/B`)}:*`);
    });

    it("rejects a prefix together with a pattern", async () => {
      await assertLogsError(
        () =>
          t.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: family, logGroupNamePattern: "a" })),
        "InvalidParameterException",
        "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
      );
    });

    it("pages with limit and nextToken until every group is listed once", async () => {
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await t.logs.send(
          new DescribeLogGroupsCommand({ logGroupNamePrefix: family, limit: 3, nextToken }),
        );
        seen.push(...(page.logGroups ?? []).map((g) => g.logGroupName!));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken);

      assert.equal(pages, 2);
      assert.deepEqual(seen, [`${family}/B`, `${family}/a`, `${family}/b`, `${family}/c`]);
    });

    it("rejects a limit above 50", async () => {
      await assertLogsError(
        () => t.logs.send(new DescribeLogGroupsCommand({ limit: 51 })),
        "InvalidParameterException",
        "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
      );
    });

    it("reports an empty prefix's pattern violation before its length violation", async () => {
      await assertLogsError(
        () => t.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "" })),
        "InvalidParameterException",
        "2 validation errors detected: Value '' at 'logGroupNamePrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+; Value '' at 'logGroupNamePrefix' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    });

    it("rejects a nextToken it did not issue", async () => {
      await assertLogsError(
        () => t.logs.send(new DescribeLogGroupsCommand({ nextToken: "not-a-token" })),
        "InvalidParameterException",
        "The specified nextToken is invalid.",
      );
    });

    it("lists only the groups of the caller's region", async () => {
      const name = uniqueName("regional");
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: name }));
      const { CloudWatchLogsClient } = await import("@aws-sdk/client-cloudwatch-logs");
      const west = new CloudWatchLogsClient({
        endpoint: t.endpoint,
        region: "us-west-2",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      });

      const { logGroups } = await west.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
      west.destroy();

      assert.deepEqual(logGroups, []);
    });
  });

  describe("DeleteLogGroup", () => {
    it("removes the group", async () => {
      const name = uniqueName();
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: name }));

      await t.logs.send(new DeleteLogGroupCommand({ logGroupName: name }));

      assert.equal(await describeGroup(name), undefined);
    });

    it("removes its streams and events: a new group of the same name starts empty", async () => {
      const target = await createGroupWithStream(t.logs);
      await putEvents(t.logs, target, eventsAt(t.clock.now(), ["before"]));

      await t.logs.send(new DeleteLogGroupCommand({ logGroupName: target.group }));
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: target.group }));

      assert.equal((await describeGroup(target.group))?.storedBytes, 0);
    });

    it("answers ResourceNotFoundException for a group that does not exist", async () => {
      await assertLogsError(
        () => t.logs.send(new DeleteLogGroupCommand({ logGroupName: uniqueName() })),
        "ResourceNotFoundException",
        "The specified log group does not exist.",
      );
    });

    it("refuses to delete a group with deletion protection", async () => {
      const name = uniqueName();
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: name, deletionProtectionEnabled: true }));

      const error = await awsError(() => t.logs.send(new DeleteLogGroupCommand({ logGroupName: name })));

      assert.equal(error.name, "ValidationException");
      assert.equal((await describeGroup(name))?.deletionProtectionEnabled, true);
    });
  });

  describe("retention policies", () => {
    it("PutRetentionPolicy sets retentionInDays", async () => {
      const name = uniqueName();
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: name }));

      await t.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 14 }));

      assert.equal((await describeGroup(name))?.retentionInDays, 14);
    });

    it("DeleteRetentionPolicy removes retentionInDays", async () => {
      const name = uniqueName();
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: name }));
      await t.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 3653 }));

      await t.logs.send(new DeleteRetentionPolicyCommand({ logGroupName: name }));

      assert.equal((await describeGroup(name))?.retentionInDays, undefined);
    });

    it("rejects a number of days AWS does not offer", async () => {
      const name = uniqueName();
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: name }));

      await assertLogsError(
        () => t.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 2 })),
        "InvalidParameterException",
        /Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653\]/,
      );
    });

    it("answers ResourceNotFoundException for a group that does not exist", async () => {
      await assertLogsError(
        () => t.logs.send(new PutRetentionPolicyCommand({ logGroupName: uniqueName(), retentionInDays: 1 })),
        "ResourceNotFoundException",
        "The specified log group does not exist.",
      );
      await assertLogsError(
        () => t.logs.send(new DeleteRetentionPolicyCommand({ logGroupName: uniqueName() })),
        "ResourceNotFoundException",
        "The specified log group does not exist.",
      );
    });
  });

  it("answers an operation it does not serve with UnknownOperationException", async () => {
    const error = await awsError(() =>
      t.logs.send(
        new StartQueryCommand({
          logGroupName: "x",
          startTime: 0,
          endTime: 1,
          queryString: "fields @message",
        }),
      ),
    );

    assert.equal(error.name, "UnknownOperationException");
    assert.equal(error.$metadata?.httpStatusCode, 400);
  });
});

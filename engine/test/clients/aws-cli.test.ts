/**
 * The seed's `aws sqs …` commands through both AWS CLIs on the machine: `aws` (v1, current
 * botocore: SQS over awsJson) and Debian's `/usr/bin/aws` (v2.9: SQS over awsQuery). Each CLI
 * gets its own engine and runs the same session; independent commands run concurrently, since
 * every CLI start costs most of a second.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import { startTestEngine } from "../support/engine.ts";
import { md5, md5OfMessageAttributes } from "../support/sqs.ts";
import { AWS_CLI_V1, AWS_CLI_V2, clientEnv, run, skipWithout } from "./real-clients.ts";

const CLI_TIME_LIMIT_MS = 30_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Cli {
  name: string;
  command: string;
  major: 1 | 2;
  protocol: "json" | "query";
  /** The CLI's exit status for an error the service returned. */
  serviceErrorExit: number;
  nonExistentQueueMessage: string;
}

const CLIS: Cli[] = [
  {
    name: "AWS CLI v1 (JSON)",
    command: AWS_CLI_V1,
    major: 1,
    protocol: "json",
    serviceErrorExit: 255,
    nonExistentQueueMessage: "The specified queue does not exist.",
  },
  {
    name: "AWS CLI v2.9 (query)",
    command: AWS_CLI_V2,
    major: 2,
    protocol: "query",
    serviceErrorExit: 254,
    nonExistentQueueMessage: "The specified queue does not exist for this wsdl version.",
  },
];

interface Outcome {
  /** Exit status; -1 when the CLI could not be started. */
  exit: number;
  stdout: string;
  stderr: string;
}

interface Session {
  /** Why this CLI cannot be tested here (not installed, or another version). */
  missing?: string;
  endpoint: string;
  outcomes: Record<string, Outcome>;
}

const BODY = "hello from the cli";
const ATTRIBUTES = {
  kind: { DataType: "String", StringValue: "order" },
  total: { DataType: "Number", StringValue: "42.5" },
};
const ENTRIES = [
  { Id: "one", MessageBody: "batch one" },
  {
    Id: "two",
    MessageBody: "batch two",
    MessageAttributes: { kind: { DataType: "String", StringValue: "b" } },
  },
  { Id: "late", MessageBody: "too late", DelaySeconds: 1000 },
];

/** The seed's session through one CLI, against a fresh engine; every command's outcome by name. */
async function session(cli: Cli, workDir: string): Promise<Session> {
  const t = await startTestEngine();
  const outcomes: Record<string, Outcome> = {};
  const sqs = async (name: string, args: string[]) => {
    try {
      const { stdout, stderr } = await run(cli.command, ["--endpoint-url", t.endpoint, "sqs", ...args], {
        env: clientEnv(),
        timeout: CLI_TIME_LIMIT_MS,
      });
      outcomes[name] = { exit: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number | string; stdout?: string; stderr?: string };
      const exit = typeof failed.code === "number" ? failed.code : -1;
      outcomes[name] = { exit, stdout: failed.stdout ?? "", stderr: failed.stderr ?? String(error) };
    }
    return outcomes[name];
  };
  const json = (outcome: Outcome) => JSON.parse(outcome.stdout) as Record<string, unknown>;
  try {
    const entries = join(workDir, `${cli.protocol}-entries.json`);
    await writeFile(entries, JSON.stringify(ENTRIES));
    // --debug shows the CLI's version and the request it built, so the test knows which
    // client it drove and which protocol went out.
    const created = await sqs("create-queue", ["create-queue", "--queue-name", "orders", "--debug"]);
    const version = /aws-cli\/[0-9.]+/.exec(created.stderr)?.[0];
    if (created.exit === -1)
      return {
        missing: `${cli.command} (AWS CLI v${cli.major}) is not installed`,
        endpoint: t.endpoint,
        outcomes,
      };
    if (!version?.startsWith(`aws-cli/${cli.major}.`))
      return {
        missing: `${cli.command} is not AWS CLI v${cli.major} (${version ?? "unknown version"})`,
        endpoint: t.endpoint,
        outcomes,
      };
    const url = String(json(created).QueueUrl);
    await Promise.all([
      sqs("send-message", [
        "send-message",
        "--queue-url",
        url,
        "--message-body",
        BODY,
        "--message-attributes",
        JSON.stringify(ATTRIBUTES),
      ]),
      sqs("send-message-batch", ["send-message-batch", "--queue-url", url, "--entries", `file://${entries}`]),
    ]);
    const received = json(
      await sqs("receive-message", [
        "receive-message",
        "--queue-url",
        url,
        "--max-number-of-messages",
        "10",
        "--visibility-timeout",
        "60",
        "--attribute-names",
        "All",
        "--message-attribute-names",
        "All",
      ]),
    );
    const first = (received.Messages as Array<{ ReceiptHandle: string; Body: string }>).find(
      (m) => m.Body === BODY,
    );
    await Promise.all([
      sqs("delete-message", ["delete-message", "--queue-url", url, "--receipt-handle", first!.ReceiptHandle]),
      sqs("delete-message (invalid handle)", [
        "delete-message",
        "--queue-url",
        url,
        "--receipt-handle",
        "bogus",
      ]),
      sqs("list-queues", ["list-queues"]),
    ]);
    await sqs("get-queue-attributes", [
      "get-queue-attributes",
      "--queue-url",
      url,
      "--attribute-names",
      "All",
    ]);
    await sqs("delete-queue", ["delete-queue", "--queue-url", url]);
    await sqs("receive-message (deleted queue)", ["receive-message", "--queue-url", url]);
    return { endpoint: t.endpoint, outcomes };
  } finally {
    await t.stop();
  }
}

describe("SQS through the AWS CLIs", () => {
  const sessions = new Map<Cli, Session>();
  let workDir = "";

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), "orderflow-cli-"));
    await Promise.all(CLIS.map(async (cli) => sessions.set(cli, await session(cli, workDir))));
  });
  after(() => rm(workDir, { recursive: true, force: true }));

  for (const cli of CLIS) {
    describe(cli.name, () => {
      /** The session's outcomes, or undefined when this CLI is missing (skipped; failed in CI). */
      const outcomesFor = (t: TestContext) => {
        const s = sessions.get(cli)!;
        return skipWithout(t, s.missing) ? undefined : s;
      };
      const ok = (outcome: Outcome | undefined, name: string) => {
        assert.ok(outcome, `no outcome for ${name}`);
        assert.equal(outcome.exit, 0, `${name} failed: ${outcome.stderr}`);
        return outcome.stdout.trim() === "" ? {} : (JSON.parse(outcome.stdout) as Record<string, unknown>);
      };
      const serviceError = (
        outcome: Outcome | undefined,
        operation: string,
        code: string,
        message: string,
      ) => {
        assert.ok(outcome);
        assert.equal(outcome.exit, cli.serviceErrorExit, outcome.stderr);
        assert.equal(outcome.stdout, "");
        assert.equal(
          outcome.stderr.trim(),
          `An error occurred (${code}) when calling the ${operation} operation: ${message}`,
        );
      };

      it(`creates the queue over the ${cli.protocol} protocol`, (t) => {
        const s = outcomesFor(t);
        if (!s) return;
        const created = s.outcomes["create-queue"];
        assert.deepEqual(ok(created, "create-queue"), { QueueUrl: `${s.endpoint}/000000000000/orders` });
        const request =
          cli.protocol === "json" ? /'X-Amz-Target': b?'AmazonSQS\.CreateQueue'/ : /'Action': 'CreateQueue'/;
        assert.match(created!.stderr, request);
      });

      it("sends a message with attributes, and a batch from a file with one failing entry", (t) => {
        const s = outcomesFor(t);
        if (!s) return;
        const sent = ok(s.outcomes["send-message"], "send-message");
        assert.match(String(sent.MessageId), UUID);
        assert.equal(sent.MD5OfMessageBody, md5(BODY));
        assert.equal(sent.MD5OfMessageAttributes, md5OfMessageAttributes(ATTRIBUTES));
        const batch = ok(s.outcomes["send-message-batch"], "send-message-batch") as {
          Successful: Array<{ Id: string; MD5OfMessageBody: string }>;
          Failed: unknown[];
        };
        assert.deepEqual(batch.Successful.map((e) => [e.Id, e.MD5OfMessageBody]).sort(), [
          ["one", md5("batch one")],
          ["two", md5("batch two")],
        ]);
        assert.deepEqual(batch.Failed, [
          {
            Id: "late",
            SenderFault: true,
            Code: "InvalidParameterValue",
            Message:
              "Value 1000 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.",
          },
        ]);
      });

      it("receives every message with all system and message attributes", (t) => {
        const s = outcomesFor(t);
        if (!s) return;
        const { Messages } = ok(s.outcomes["receive-message"], "receive-message") as {
          Messages: Array<Record<string, unknown> & { Body: string; Attributes: Record<string, string> }>;
        };
        assert.deepEqual(Messages.map((m) => m.Body).sort(), ["batch one", "batch two", BODY]);
        const single = Messages.find((m) => m.Body === BODY)!;
        assert.equal(single.MD5OfBody, md5(BODY));
        assert.deepEqual(single.MessageAttributes, ATTRIBUTES);
        assert.equal(single.MD5OfMessageAttributes, md5OfMessageAttributes(ATTRIBUTES));
        assert.deepEqual(Object.keys(single.Attributes).sort(), [
          "ApproximateFirstReceiveTimestamp",
          "ApproximateReceiveCount",
          "SenderId",
          "SentTimestamp",
        ]);
        assert.equal(single.Attributes.ApproximateReceiveCount, "1");
        assert.match(single.Attributes.SentTimestamp!, /^\d{13}$/);
      });

      it("deletes a received message and lists the queue", (t) => {
        const s = outcomesFor(t);
        if (!s) return;
        assert.deepEqual(ok(s.outcomes["delete-message"], "delete-message"), {});
        assert.deepEqual(ok(s.outcomes["list-queues"], "list-queues"), {
          QueueUrls: [`${s.endpoint}/000000000000/orders`],
        });
        const { Attributes } = ok(s.outcomes["get-queue-attributes"], "get-queue-attributes") as {
          Attributes: Record<string, string>;
        };
        assert.deepEqual(
          {
            QueueArn: Attributes.QueueArn,
            ApproximateNumberOfMessages: Attributes.ApproximateNumberOfMessages,
            ApproximateNumberOfMessagesNotVisible: Attributes.ApproximateNumberOfMessagesNotVisible,
            VisibilityTimeout: Attributes.VisibilityTimeout,
            MaximumMessageSize: Attributes.MaximumMessageSize,
            DelaySeconds: Attributes.DelaySeconds,
          },
          {
            QueueArn: "arn:aws:sqs:us-east-1:000000000000:orders",
            ApproximateNumberOfMessages: "0",
            // three received, one deleted
            ApproximateNumberOfMessagesNotVisible: "2",
            VisibilityTimeout: "30",
            MaximumMessageSize: "1048576",
            DelaySeconds: "0",
          },
        );
      });

      it("deletes the queue, after which it does not exist", (t) => {
        const s = outcomesFor(t);
        if (!s) return;
        assert.deepEqual(ok(s.outcomes["delete-queue"], "delete-queue"), {});
        serviceError(
          s.outcomes["receive-message (deleted queue)"],
          "ReceiveMessage",
          "AWS.SimpleQueueService.NonExistentQueue",
          cli.nonExistentQueueMessage,
        );
      });

      it("exits with the service's error code and message for a bad receipt handle", (t) => {
        const s = outcomesFor(t);
        if (!s) return;
        serviceError(
          s.outcomes["delete-message (invalid handle)"],
          "DeleteMessage",
          "ReceiptHandleIsInvalid",
          'The input receipt handle "bogus" is not a valid receipt handle.',
        );
      });
    });
  }
});

/**
 * SQS contract through boto3, once per protocol: sqs_scenario.py drives every operation with
 * plain boto3 (awsJson 1.0) and with SQS's query-protocol model from Debian's awscli package
 * (awsQuery: form in, XML out), each against a fresh engine. Both runs must report the same
 * outcomes — including AWS's legacy error codes, which JSON clients read from
 * `x-amzn-query-error` and query clients from `<Code>` — and every MD5 must verify.
 */
import assert from "node:assert/strict";
import { before, describe, it, type TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import { startTestEngine } from "../support/engine.ts";
import { clientEnv, IN_CI, missingBoto3, missingDebianQueryModel, run, skipWithout } from "./real-clients.ts";

const SCENARIO = fileURLToPath(new URL("./sqs_scenario.py", import.meta.url));
const SCENARIO_TIME_LIMIT_MS = 60_000;

const PROTOCOLS = ["json", "query"] as const;
type Protocol = (typeof PROTOCOLS)[number];

interface StepError {
  code: string;
  type: string;
  message: string;
  status: number;
  /** The boto3 exception class: modelled errors get their own, others are ClientError. */
  exception: string;
}

interface Step {
  step: string;
  result?: unknown;
  error?: StepError;
}

interface Report {
  protocol: Protocol;
  client_protocol: string;
  content_types: string[];
  steps: Step[];
}

const NON_EXISTENT_QUEUE = "AWS.SimpleQueueService.NonExistentQueue";
/** AWS words this one differently per protocol (LocalStack snapshots of real AWS). */
const NON_EXISTENT_QUEUE_MESSAGE: Record<Protocol, string> = {
  json: "The specified queue does not exist.",
  query: "The specified queue does not exist for this wsdl version.",
};

const invalidParameter = (message: string) => ({
  code: "InvalidParameterValue",
  status: 400,
  exception: "ClientError",
  message,
});
const invalidHandle = {
  code: "ReceiptHandleIsInvalid",
  status: 404,
  exception: "ReceiptHandleIsInvalid",
  message: 'The input receipt handle "not-a-receipt-handle" is not a valid receipt handle.',
};
const nonExistentQueue = { code: NON_EXISTENT_QUEUE, status: 400, exception: "QueueDoesNotExist" };

/** Every step of the scenario that must fail, and how (sqs-errors.md for the codes and texts). */
const EXPECTED_ERRORS: Record<string, Omit<StepError, "type" | "message"> & { message?: string }> = {
  "create orders with other attributes": {
    code: "QueueAlreadyExists",
    status: 400,
    exception: "QueueNameExists",
    message: "A queue already exists with the same name and a different value for attribute DelaySeconds",
  },
  "get url of missing queue": nonExistentQueue,
  "get unknown attribute": {
    code: "InvalidAttributeName",
    status: 400,
    exception: "InvalidAttributeName",
    message: "Unknown Attribute Colour.",
  },
  "send batch without entries": {
    code: "AWS.SimpleQueueService.EmptyBatchRequest",
    status: 400,
    exception: "EmptyBatchRequest",
    message: "There should be at least one SendMessageBatchRequestEntry in the request.",
  },
  "send batch of 11": {
    code: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
    status: 400,
    exception: "TooManyEntriesInBatchRequest",
    message: "Maximum number of entries per request are 10. You have sent 11.",
  },
  "change visibility with invalid handle": invalidHandle,
  "delete with invalid handle": invalidHandle,
  "delete batch without entries": {
    code: "AWS.SimpleQueueService.EmptyBatchRequest",
    status: 400,
    exception: "EmptyBatchRequest",
    message: "There should be at least one DeleteMessageBatchRequestEntry in the request.",
  },
  "add permission again": invalidParameter(
    "Value partner for parameter Label is invalid. Reason: Already exists.",
  ),
  "remove permission again": invalidParameter(
    "Value partner for parameter Label is invalid. Reason: can't find label.",
  ),
  "purge again": {
    code: "AWS.SimpleQueueService.PurgeQueueInProgress",
    status: 403,
    exception: "PurgeQueueInProgress",
    message: "Only one PurgeQueue operation on page-1 is allowed every 60 seconds.",
  },
  "start move task from a non-DLQ": invalidParameter(
    "Source queue must be configured as a Dead Letter Queue.",
  ),
  "start second move task": invalidParameter(
    "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
  ),
  "get url of deleted queue": nonExistentQueue,
  "send to deleted queue": nonExistentQueue,
  "recreate deleted queue at once": {
    code: "AWS.SimpleQueueService.QueueDeletedRecently",
    status: 400,
    exception: "QueueDeletedRecently",
    message:
      "You must wait 60 seconds after deleting a queue before you can create another with the same name.",
  },
};

async function runScenario(protocol: Protocol): Promise<Report> {
  const t = await startTestEngine();
  try {
    const { stdout } = await run("python3", [SCENARIO, t.endpoint, protocol], {
      env: clientEnv(),
      timeout: SCENARIO_TIME_LIMIT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout) as Report;
  } finally {
    await t.stop();
  }
}

function stepOf(report: Report, name: string): Step {
  const found = report.steps.find((s) => s.step === name);
  assert.ok(found, `the ${report.protocol} run has no step "${name}"`);
  return found;
}

function resultOf(report: Report, name: string): unknown {
  const step = stepOf(report, name);
  assert.equal(step.error, undefined, `${report.protocol}: "${name}" failed: ${JSON.stringify(step.error)}`);
  return step.result;
}

/** Every `<name>_ok` flag in a report (the script's own MD5 and shape checks). */
function okFlags(value: unknown, path = ""): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => okFlags(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key.endsWith("_ok") ? [[`${path}.${key}`, v] as [string, unknown]] : okFlags(v, `${path}.${key}`),
  );
}

describe("SQS contract through boto3, over JSON and over query", () => {
  const reports: Partial<Record<Protocol, Report>> = {};
  const missing: Partial<Record<Protocol, string>> = {};

  before(async () => {
    const noBoto3 = await missingBoto3();
    missing.json = noBoto3;
    missing.query = noBoto3 ?? missingDebianQueryModel();
    const protocols = PROTOCOLS.filter((p) => !missing[p]);
    const runs = await Promise.all(protocols.map(runScenario));
    for (const report of runs) reports[report.protocol] = report;
  });

  /**
   * The reports this test can check: those whose client is on the machine. Without any (or, with
   * `both`, without either) the test is skipped — or fails in CI, which must run it.
   */
  function available(t: TestContext, options: { both?: boolean } = {}): Report[] {
    const absent = PROTOCOLS.filter((p) => missing[p]);
    const reason = absent.map((p) => missing[p]).join("; ");
    if (absent.length > 0 && (options.both || absent.length === PROTOCOLS.length)) {
      skipWithout(t, reason);
      return [];
    }
    if (absent.length > 0) {
      if (IN_CI) throw new Error(`${reason}; CI must run this test`);
      t.diagnostic(`checked without ${absent.join(", ")}: ${reason}`);
    }
    return PROTOCOLS.filter((p) => !missing[p]).map((p) => reports[p]!);
  }

  it("sends JSON from plain boto3 and form-encoded query from the old model", (t) => {
    for (const report of available(t)) {
      const [expectedProtocol, contentType] =
        report.protocol === "json"
          ? ["json", "application/x-amz-json-1.0"]
          : ["query", "application/x-www-form-urlencoded"];
      assert.equal(report.client_protocol, expectedProtocol);
      assert.deepEqual(report.content_types, [contentType]);
    }
  });

  it("reports the same outcome for every step in both protocols", (t) => {
    const [json, query] = available(t, { both: true });
    if (!json || !query) return;
    // Only the NonExistentQueue text differs between the protocols, as it does on AWS.
    const neutral = (report: Report) =>
      report.steps.map((s) =>
        s.error?.code === NON_EXISTENT_QUEUE ? { ...s, error: { ...s.error, message: "<per protocol>" } } : s,
      );
    assert.deepEqual(neutral(query), neutral(json));
  });

  it("fails exactly the error cases, with AWS's code, status, exception and message", (t) => {
    for (const report of available(t)) {
      const failed = report.steps.filter((s) => s.error).map((s) => s.step);
      assert.deepEqual(
        failed.sort(),
        Object.keys(EXPECTED_ERRORS).sort(),
        `${report.protocol}: failing steps`,
      );
      for (const [name, expected] of Object.entries(EXPECTED_ERRORS)) {
        const error = stepOf(report, name).error!;
        const message = expected.message ?? NON_EXISTENT_QUEUE_MESSAGE[report.protocol];
        assert.deepEqual(error, { type: "Sender", ...expected, message }, `${report.protocol}: ${name}`);
      }
    }
  });

  it("returns MD5 digests that match the client's own on send, batch send and receive", (t) => {
    for (const report of available(t)) {
      const flags = okFlags(report.steps);
      // single send (2), batch send (2 per success), receive (2 per message)
      assert.equal(flags.length, 2 + 4 + 6, `${report.protocol}: MD5 checks found`);
      for (const [path, ok] of flags) assert.equal(ok, true, `${report.protocol}: ${path}`);
      const sent = resultOf(report, "send") as Record<string, unknown>;
      assert.equal(sent.message_id_is_uuid, true);
      assert.equal(sent.md5_of_body, "dd5c07036f2975ff4bce568b6511d3bc"); // md5("single")
    }
  });

  it("receives bodies intact with only the selected system and message attributes", (t) => {
    for (const report of available(t)) {
      const messages = resultOf(report, "receive") as Array<Record<string, unknown>>;
      assert.deepEqual(
        messages.map((m) => m.body),
        ["batch-1", 'batch-2 with \r\n, <xml> & "quotes" \u00e9\u{1f600}', "single"],
      );
      for (const m of messages) {
        assert.deepEqual(m.attributes, { SentTimestamp: "<timestamp>", ApproximateReceiveCount: "1" });
      }
      assert.deepEqual(messages[2]!.message_attributes, {
        blob: { DataType: "Binary", BinaryValue: "AAH+/w==" },
        price: { DataType: "Number", StringValue: "12.50" },
      });
      assert.deepEqual(messages[1]!.message_attributes, {});
      assert.equal(messages[1]!.md5_of_attributes, null);
    }
  });

  it("reports per-entry batch failures with their legacy codes", (t) => {
    for (const report of available(t)) {
      const sent = resultOf(report, "send batch") as { successful: object; failed: unknown[] };
      assert.deepEqual(Object.keys(sent.successful).sort(), ["b1", "b2"]);
      assert.deepEqual(sent.failed, [
        {
          Id: "bad-chars",
          SenderFault: true,
          Code: "InvalidMessageContents",
          Message:
            "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
        },
        {
          Id: "bad-delay",
          SenderFault: true,
          Code: "InvalidParameterValue",
          Message:
            "Value 1000 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.",
        },
      ]);
      const junk = {
        Id: "junk",
        SenderFault: true,
        Code: "ReceiptHandleIsInvalid",
        Message: 'The input receipt handle "junk" is not a valid receipt handle.',
      };
      for (const name of ["change visibility batch", "delete batch"]) {
        assert.deepEqual(resultOf(report, name), { successful: ["b1", "b2"], failed: [junk] }, name);
      }
      assert.deepEqual(resultOf(report, "queue is empty"), {
        ApproximateNumberOfMessages: "0",
        ApproximateNumberOfMessagesNotVisible: "0",
      });
    }
  });

  it("creates idempotently and lists queues a page at a time", (t) => {
    const url = (name: string) => `{endpoint}/000000000000/${name}`;
    for (const report of available(t)) {
      assert.equal(resultOf(report, "create orders again"), url("orders"));
      assert.equal(resultOf(report, "get url"), url("orders"));
      assert.deepEqual(
        resultOf(report, "list all"),
        ["orders", "orders-dlq", "page-1", "page-2", "page-3"].map(url),
      );
      assert.deepEqual(resultOf(report, "list page 1"), {
        urls: [url("page-1"), url("page-2")],
        has_next: true,
      });
      assert.deepEqual(resultOf(report, "list page 2"), { urls: [url("page-3")], has_next: false });
      assert.deepEqual(resultOf(report, "paginator"), [2, 1]);
      assert.deepEqual(resultOf(report, "list after delete"), [url("page-1"), url("page-2")]);
    }
  });

  it("round-trips queue attributes, tags, permissions and dead-letter sources", (t) => {
    const arn = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;
    for (const report of available(t)) {
      assert.deepEqual(resultOf(report, "get chosen attributes"), {
        VisibilityTimeout: "45",
        RedrivePolicy: { deadLetterTargetArn: arn("orders-dlq"), maxReceiveCount: 5 },
        QueueArn: arn("orders"),
      });
      const all = resultOf(report, "get all attributes") as Record<string, string>;
      assert.equal(all.VisibilityTimeout, "45");
      assert.equal(all.MaximumMessageSize, "1048576");
      assert.equal(all.MessageRetentionPeriod, "345600");
      assert.equal(all.CreatedTimestamp, "<timestamp>");
      assert.deepEqual(resultOf(report, "list tags"), { team: "orders", env: "test" });
      assert.deepEqual(resultOf(report, "list tags after untag"), { team: "orders" });
      assert.deepEqual(resultOf(report, "policy"), {
        Version: "2008-10-17",
        Id: `${arn("orders")}/SQSDefaultPolicy`,
        Statement: [
          {
            Sid: "partner",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111122223333:root" },
            Action: ["SQS:SendMessage", "SQS:ReceiveMessage"],
            Resource: arn("orders"),
          },
        ],
      });
      assert.equal(resultOf(report, "policy gone"), null);
      assert.deepEqual(resultOf(report, "dead-letter sources"), ["{endpoint}/000000000000/orders"]);
    }
  });

  it("starts, lists and cancels a message move task", (t) => {
    for (const report of available(t)) {
      assert.deepEqual(resultOf(report, "start move task"), { handle_is_base64_json: true });
      assert.deepEqual(resultOf(report, "list move tasks"), [
        {
          Status: "RUNNING",
          SourceArn: "arn:aws:sqs:us-east-1:000000000000:orders-dlq",
          DestinationArn: "arn:aws:sqs:us-east-1:000000000000:orders",
          MaxNumberOfMessagesPerSecond: 1,
          ApproximateNumberOfMessagesToMove: 3,
          has_task_handle: true,
          started_is_epoch_ms: true,
          moved_is_int: true,
        },
      ]);
      assert.deepEqual(resultOf(report, "cancel move task"), { moved_is_int: true });
      assert.deepEqual(resultOf(report, "list cancelled move task"), [
        { status: "CANCELLING|CANCELLED", has_task_handle: false },
      ]);
    }
  });
});

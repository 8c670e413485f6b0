/**
 * `--auth strict` with the other real clients: both AWS CLIs (v1 signs SQS over JSON, Debian's
 * v2.9 over the query protocol) and boto3 succeed with the configured key and get the services'
 * errors with a wrong secret.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import {
  AWS_CLI_V1,
  AWS_CLI_V2,
  clientEnv,
  missingBoto3,
  run,
  skipWithout,
} from "../clients/real-clients.ts";
import { CONFIGURED, type StrictEngine, startStrictEngine } from "./support.ts";

const CLIENT_TIME_LIMIT_MS = 60_000;

let e: StrictEngine;
before(async () => {
  e = await startStrictEngine();
});
after(async () => {
  await e.stop();
});

const keyEnv = (secretAccessKey: string) => ({
  AWS_ACCESS_KEY_ID: CONFIGURED.accessKeyId,
  AWS_SECRET_ACCESS_KEY: secretAccessKey,
});

/** Exit status and stderr of `<cli> --endpoint-url … args`, signing with `secret`. */
async function cli(
  command: string,
  secret: string,
  args: string[],
): Promise<{ exit: number; stderr: string }> {
  try {
    await run(command, ["--endpoint-url", e.endpoint, ...args], {
      env: clientEnv(keyEnv(secret)),
      timeout: CLIENT_TIME_LIMIT_MS,
    });
    return { exit: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { exit: typeof failed.code === "number" ? failed.code : -1, stderr: failed.stderr ?? "" };
  }
}

const CLIS = [
  { name: "AWS CLI v1", command: AWS_CLI_V1, serviceErrorExit: 255, missing: () => undefined },
  {
    name: "AWS CLI v2.9 (Debian)",
    command: AWS_CLI_V2,
    serviceErrorExit: 254,
    missing: () =>
      existsSync(AWS_CLI_V2) ? undefined : `${AWS_CLI_V2} is missing (apt-get install -y awscli)`,
  },
];

for (const { name, command, serviceErrorExit, missing } of CLIS) {
  describe(`${name} under --auth strict`, () => {
    test("succeeds with the configured key", async (t) => {
      if (skipWithout(t, missing())) return;
      const outcomes = await Promise.all([
        cli(command, CONFIGURED.secretAccessKey, ["sqs", "list-queues"]),
        cli(command, CONFIGURED.secretAccessKey, ["dynamodb", "list-tables"]),
        cli(command, CONFIGURED.secretAccessKey, ["lambda", "list-functions"]),
      ]);
      assert.deepEqual(outcomes, [
        { exit: 0, stderr: "" },
        { exit: 0, stderr: "" },
        { exit: 0, stderr: "" },
      ]);
    });

    test("gets each service's signature error with a wrong secret", async (t) => {
      if (skipWithout(t, missing())) return;
      const [sqs, dynamodb] = await Promise.all([
        cli(command, "wrong-secret", ["sqs", "list-queues"]),
        cli(command, "wrong-secret", ["dynamodb", "list-tables"]),
      ]);
      assert.equal(sqs.exit, serviceErrorExit);
      assert.match(
        sqs.stderr,
        /An error occurred \(SignatureDoesNotMatch\) when calling the ListQueues operation: The request signature we calculated does not match/,
      );
      assert.equal(dynamodb.exit, serviceErrorExit);
      assert.match(
        dynamodb.stderr,
        /An error occurred \(InvalidSignatureException\) when calling the ListTables operation/,
      );
    });
  });
}

const BOTO3_SCRIPT = `
import json, sys, boto3, botocore.config, botocore.exceptions
endpoint = sys.argv[1]
config = botocore.config.Config(retries={"max_attempts": 1})
calls = {
    "sqs": lambda: boto3.client("sqs", endpoint_url=endpoint, config=config).list_queues(),
    "dynamodb": lambda: boto3.client("dynamodb", endpoint_url=endpoint, config=config).list_tables(),
    "lambda": lambda: boto3.client("lambda", endpoint_url=endpoint, config=config).list_functions(),
}
out = {}
for name, call in calls.items():
    try:
        call()
        out[name] = "ok"
    except botocore.exceptions.ClientError as e:
        out[name] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
print(json.dumps(out))
`;

async function boto3(secret: string): Promise<unknown> {
  const { stdout } = await run("python3", ["-c", BOTO3_SCRIPT, e.endpoint], {
    env: clientEnv(keyEnv(secret)),
    timeout: CLIENT_TIME_LIMIT_MS,
  });
  return JSON.parse(stdout);
}

describe("boto3 under --auth strict", () => {
  test("succeeds with the configured key", async (t) => {
    if (skipWithout(t, await missingBoto3())) return;
    assert.deepEqual(await boto3(CONFIGURED.secretAccessKey), { sqs: "ok", dynamodb: "ok", lambda: "ok" });
  });

  test("gets each service's signature error and status with a wrong secret", async (t) => {
    if (skipWithout(t, await missingBoto3())) return;
    assert.deepEqual(await boto3("wrong-secret"), {
      sqs: ["SignatureDoesNotMatch", 403],
      dynamodb: ["InvalidSignatureException", 400],
      lambda: ["InvalidSignatureException", 403],
    });
  });
});

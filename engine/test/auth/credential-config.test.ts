/**
 * Where `--auth strict` gets its keys: `--credentials-file` (AWS shared-credentials INI or a JSON
 * list), ORDERFLOW_ACCESS_KEY_ID / ORDERFLOW_SECRET_ACCESS_KEY and `--access-key id:secret`; the CLI
 * passes them on.
 */
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { loadAccessKeys } from "../../src/server/credential-config.ts";
import { freePort, launchEngine } from "../support/engine-process.ts";
import { failure, REGION } from "./support.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const INI = join(FIXTURES, "shared-credentials.ini");
const JSON_LIST = join(FIXTURES, "access-keys.json");
const NO_ENV = {};

describe("loadAccessKeys", () => {
  test("reads every profile's pair from an AWS shared-credentials file", () => {
    assert.deepEqual(loadAccessKeys({ file: INI, env: NO_ENV }), [
      { accessKeyId: "AKIAINIDEFAULT000001", secretAccessKey: "default/Secret+1" },
      { accessKeyId: "AKIAINICI00000000002", secretAccessKey: "ci-secret-2" },
    ]);
  });

  test("reads a JSON list of pairs", () => {
    assert.deepEqual(loadAccessKeys({ file: JSON_LIST, env: NO_ENV }), [
      { accessKeyId: "AKIAJSONFIRST0000001", secretAccessKey: "json-secret-1" },
      { accessKeyId: "AKIAJSONSECOND000002", secretAccessKey: "json-secret-2" },
    ]);
  });

  test("reads ORDERFLOW_ACCESS_KEY_ID and ORDERFLOW_SECRET_ACCESS_KEY", () => {
    const env = {
      ORDERFLOW_ACCESS_KEY_ID: "AKIAENV0000000000001",
      ORDERFLOW_SECRET_ACCESS_KEY: "env-secret",
    };
    assert.deepEqual(loadAccessKeys({ file: undefined, env }), [
      { accessKeyId: "AKIAENV0000000000001", secretAccessKey: "env-secret" },
    ]);
  });

  test("adds the environment's pair to the file's", () => {
    const env = {
      ORDERFLOW_ACCESS_KEY_ID: "AKIAENV0000000000001",
      ORDERFLOW_SECRET_ACCESS_KEY: "env-secret",
    };
    assert.deepEqual(
      loadAccessKeys({ file: JSON_LIST, env })?.map((pair) => pair.accessKeyId),
      ["AKIAJSONFIRST0000001", "AKIAJSONSECOND000002", "AKIAENV0000000000001"],
    );
  });

  test("reads --access-key flags, whose secrets may hold colons, before the other sources", () => {
    const env = {
      ORDERFLOW_ACCESS_KEY_ID: "AKIAENV0000000000001",
      ORDERFLOW_SECRET_ACCESS_KEY: "env-secret",
    };
    assert.deepEqual(loadAccessKeys({ file: undefined, env, flags: ["AKIAFLAG000000000001:a:b/c+d"] }), [
      { accessKeyId: "AKIAFLAG000000000001", secretAccessKey: "a:b/c+d" },
      { accessKeyId: "AKIAENV0000000000001", secretAccessKey: "env-secret" },
    ]);
  });

  test("refuses an --access-key without both halves", () => {
    for (const flag of ["AKIAFLAG000000000001", ":secret", "AKIAFLAG000000000001:"]) {
      assert.throws(
        () => loadAccessKeys({ file: undefined, env: NO_ENV, flags: [flag] }),
        /--access-key takes <access key id>:<secret access key>/,
      );
    }
  });

  test("keeps the default pair when nothing is configured", () => {
    assert.equal(loadAccessKeys({ file: undefined, env: NO_ENV }), undefined);
  });

  test("refuses an access key id without its secret", () => {
    assert.throws(
      () => loadAccessKeys({ file: undefined, env: { ORDERFLOW_ACCESS_KEY_ID: "AKIAENV0000000000001" } }),
      /ORDERFLOW_ACCESS_KEY_ID and ORDERFLOW_SECRET_ACCESS_KEY must be set together/,
    );
  });

  test("refuses a profile with only half a pair, naming it", () => {
    assert.throws(
      () => loadAccessKeys({ file: join(FIXTURES, "half-profile.ini"), env: NO_ENV }),
      /profile \[broken\] needs both aws_access_key_id and aws_secret_access_key/,
    );
  });
});

test("orderflow-engine start --auth strict --credentials-file --access-key accepts those keys only", async () => {
  const port = await freePort();
  const engine = launchEngine({
    launcher: "tsx",
    port,
    // --in-memory: nothing is written to the data directory.
    dataDir: join(tmpdir(), "orderflow-auth-unused"),
    args: [
      "--in-memory",
      "--clock",
      "virtual",
      "--auth",
      "strict",
      "--credentials-file",
      JSON_LIST,
      "--access-key",
      "AKIAFLAG000000000001:flag:secret",
      "--log-level",
      "error",
    ],
  });
  const clients: DynamoDBClient[] = [];
  const client = (accessKeyId: string, secretAccessKey: string) => {
    const made = new DynamoDBClient({
      endpoint: engine.endpoint,
      region: REGION,
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
    });
    clients.push(made);
    return made;
  };
  try {
    await engine.ready();
    await client("AKIAJSONSECOND000002", "json-secret-2").send(new ListTablesCommand({}));
    await client("AKIAFLAG000000000001", "flag:secret").send(new ListTablesCommand({}));
    const refused = await failure(() => client("test", "test").send(new ListTablesCommand({})));
    assert.equal(refused.name, "UnrecognizedClientException");
  } finally {
    for (const made of clients) made.destroy();
    await engine.stop();
  }
});

/**
 * orderflow-engine — command-line entry. Parses arguments and starts the engine; no logic here.
 *
 *   orderflow-engine start [--port 4566] [--host 127.0.0.1] [--data-dir .orderflow] [--in-memory]
 *                          [--clock real|virtual] [--control] [--log-level info] [--code-root dir]…
 *                          [--auth off|strict] [--credentials-file F] [--access-key ID:SECRET]…
 *                          [--iam off|warn|enforce]
 *   orderflow-engine logs <function-name | /log/group> [--follow] [--since 10m] [--endpoint URL]
 *   orderflow-engine deploy <template file | cdk.out directory> [--stack-name N] [--parameter K=V]… [--endpoint URL]
 *   orderflow-engine destroy <stack> [--endpoint URL]
 */
import { parseArgs } from "node:util";
import { LOGS_USAGE, logsMain } from "./cli-logs.ts";
import { createEngine, DEFAULT_HOST, DEFAULT_PORT } from "./index.ts";
import { loadAccessKeys } from "./server/credential-config.ts";
import type { LogLevel } from "./shared/logger.ts";

const USAGE = `usage: orderflow-engine start [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--data-dir .orderflow] [--in-memory]
                              [--clock real|virtual] [--control] [--log-level debug|info|warn|error]
                              [--code-root <dir>]… (where deployed templates may read local code; default: .)
                              [--auth off|strict] [--credentials-file <file>] [--access-key <id>:<secret>]…
                              (the keys strict accepts; default test/test)
                              [--iam off|warn|enforce] (evaluate function roles' policies; default off)
       ${LOGS_USAGE.slice("usage: ".length)}
       orderflow-engine deploy <template file | cdk.out directory> [--stack-name N] [--parameter K=V]… [--endpoint URL]
       orderflow-engine destroy <stack> [--endpoint URL]`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === undefined) {
    console.log(USAGE);
    return;
  }
  if (command === "logs") {
    process.exitCode = await logsMain(rest);
    return;
  }
  if (command === "deploy" || command === "destroy") {
    // Loaded on demand: the AWS SDK it uses is no part of starting the engine.
    const { deployMain } = await import("./cli-deploy.ts");
    process.exitCode = await deployMain(command, rest);
    return;
  }
  if (command !== "start") {
    console.error(`unknown command ${command}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: "string", default: String(DEFAULT_PORT) },
      host: { type: "string", default: DEFAULT_HOST },
      "data-dir": { type: "string", default: ".orderflow" },
      "in-memory": { type: "boolean", default: false },
      clock: { type: "string", default: "real" },
      control: { type: "boolean" },
      "log-level": { type: "string", default: "info" },
      "code-root": { type: "string", multiple: true },
      auth: { type: "string", default: "off" },
      "credentials-file": { type: "string" },
      "access-key": { type: "string", multiple: true },
      iam: { type: "string", default: "off" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  if (values.clock !== "real" && values.clock !== "virtual")
    throw new Error("--clock must be real or virtual");
  if (values.auth !== "off" && values.auth !== "strict") throw new Error("--auth must be off or strict");
  if (values.iam !== "off" && values.iam !== "warn" && values.iam !== "enforce")
    throw new Error("--iam must be off, warn or enforce");
  const credentials = loadAccessKeys({
    file: values["credentials-file"],
    env: process.env,
    flags: values["access-key"] ?? [],
  });
  const engine = await createEngine({
    port,
    host: values.host,
    dataDir: values["data-dir"],
    inMemory: values["in-memory"],
    clock: values.clock,
    control: values.control,
    logLevel: values["log-level"] as LogLevel,
    ...(values["code-root"] && { codeRoots: values["code-root"] }),
    auth: values.auth,
    iam: values.iam,
    ...(credentials && { credentials }),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`orderflow engine stopping (${signal})`);
    engine.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  // Before the ready line: whoever reads it may stop the engine at once, and must get a clean exit.
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  const storage = values["in-memory"] ? "in memory" : `data in ${values["data-dir"]}`;
  console.log(`orderflow engine ready at ${engine.endpoint} (${storage}, ${engine.clock.kind} clock)`);
  console.log(
    `  export AWS_ENDPOINT_URL=${engine.endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/**
 * The driver both load processes share: announce "ready", then run each plan the bench writes
 * on stdin (one JSON line) and answer with its result on stdout (one JSON line).
 */
import { createInterface } from "node:readline";

export const BENCH_CLIENT_CONFIG = {
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
};

export async function servePlans<Plan, Result>(
  client: { destroy(): void },
  run: (plan: Plan) => Promise<Result>,
): Promise<void> {
  console.log("ready");
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === "") continue;
    console.log(JSON.stringify(await run(JSON.parse(line) as Plan)));
  }
  client.destroy();
}

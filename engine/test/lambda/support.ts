/** Helpers for Lambda tests: deployment packages built in memory, functions created through the SDK. */
import {
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
  InvokeCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { zipSync } from "fflate";

export const ROLE = "arn:aws:iam::000000000000:role/lambda-role";

/** A zip of the given files (path → source text), as a build tool would produce it. */
export function zipOf(files: Record<string, string>): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, text] of Object.entries(files)) entries[path] = Buffer.from(text);
  return Buffer.from(zipSync(entries));
}

let counter = 0;
export const uniqueFunctionName = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

/** A Node.js function whose index.js is `source`. */
export async function createNodeFunction(
  lambda: LambdaClient,
  source: string,
  input: Partial<CreateFunctionCommandInput> = {},
): Promise<FunctionConfiguration & { FunctionName: string; FunctionArn: string }> {
  const config = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: uniqueFunctionName("fn"),
      Runtime: "nodejs22.x",
      Role: ROLE,
      Handler: "index.handler",
      Code: { ZipFile: zipOf({ "index.js": source }) },
      ...input,
    }),
  );
  return config as FunctionConfiguration & { FunctionName: string; FunctionArn: string };
}

/** Invokes synchronously and returns the decoded response document and the error header. */
export async function invokeJson(lambda: LambdaClient, functionName: string, event: unknown = {}) {
  const response = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  const text = Buffer.from(response.Payload ?? []).toString("utf8");
  return { response, body: text ? (JSON.parse(text) as unknown) : undefined, text };
}

/** A handler that returns its event, for round-trip tests. */
export const ECHO = "exports.handler = async (event) => event;";

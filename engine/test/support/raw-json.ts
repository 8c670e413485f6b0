/**
 * One awsJson request without an SDK, to see exactly what the engine sends back. The body goes as
 * given when it is a string or bytes (malformed-input tests), as JSON otherwise.
 */
export async function rawJsonCall(
  endpoint: string,
  target: string,
  body: unknown,
  region = "us-east-1",
): Promise<{ status: number; body: Record<string, unknown> }> {
  const [prefix] = target.split(".");
  const signingName = prefix?.startsWith("DynamoDB") ? "dynamodb" : (prefix ?? "").toLowerCase();
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": target,
      authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/${region}/${signingName}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

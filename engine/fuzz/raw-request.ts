/**
 * A request as bytes on the wire: the fuzzer builds these itself, so it can send what no HTTP
 * client would (duplicated or oversized headers, odd methods, a wrong Content-Length).
 */
export interface RawRequest {
  method: string;
  /** The request target exactly as sent (path and query string). */
  path: string;
  /** In order; a name may repeat. `content-length` is added from the body unless present. */
  headers: [string, string][];
  body: Buffer;
}

export function header(request: RawRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  return request.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

export function setHeader(request: RawRequest, name: string, value: string | undefined): void {
  const lower = name.toLowerCase();
  request.headers = request.headers.filter(([n]) => n.toLowerCase() !== lower);
  if (value !== undefined) request.headers.push([name, value]);
}

export function serialize(request: RawRequest, host: string): Buffer {
  const lines = [`${request.method} ${request.path} HTTP/1.1`];
  if (header(request, "host") === undefined) lines.push(`Host: ${host}`);
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (header(request, "content-length") === undefined && header(request, "transfer-encoding") === undefined)
    lines.push(`Content-Length: ${request.body.length}`);
  if (header(request, "connection") === undefined) lines.push("Connection: close");
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), request.body]);
}

/** A short, printable description of a request for a finding (the seed and case replay it exactly). */
export function describe(request: RawRequest): string {
  const target = header(request, "x-amz-target") ?? "";
  const body = request.body
    .subarray(0, 160)
    .toString("utf8")
    .replace(/[^\x20-\x7e]/g, "?");
  return `${request.method} ${request.path.slice(0, 120)} ${target} [${request.body.length} bytes] ${body}`;
}

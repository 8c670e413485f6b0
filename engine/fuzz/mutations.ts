/**
 * Mutators. Value mutators change the decoded input before it is encoded (wrong types, missing and
 * extra members, huge strings and numbers, deep nesting, many entries, hostile strings); request
 * mutators change the bytes on the wire (invalid UTF-8, truncation, garbage bodies, content types,
 * methods, paths, headers, targets and actions).
 */
import { nested, Verbatim } from "./encode.ts";
import type { Random } from "./prng.ts";
import { header, type RawRequest, setHeader } from "./raw-request.ts";

type Container = Record<string, unknown> | unknown[];

/** Every (container, key) in the value, breadth first, so shallow members are as likely as deep ones. */
function slots(root: Container): [Container, string | number][] {
  const out: [Container, string | number][] = [];
  const queue: Container[] = [root];
  while (queue.length > 0 && out.length < 500) {
    const node = queue.shift()!;
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const key of keys) {
      out.push([node, key]);
      const child = (node as Record<string | number, unknown>)[key];
      if (child && typeof child === "object" && !(child instanceof Verbatim)) queue.push(child as Container);
    }
  }
  return out;
}

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "\udfff\ud800",
  "\u202e\u0041\u0042",
  "\r\nX-Injected: yes",
  "../../../../etc/passwd",
  "%00%ff%",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the hostile input
  "${jndi:ldap://x}",
  "<![CDATA[]]><x>&amp;&lt;",
  "]]>",
  "__proto__",
  "constructor",
  "arn:aws:sqs:us-east-1:000000000000:",
  "arn:::::::::::",
  "http://[::1/",
  "\u{1f600}".repeat(300),
  "9".repeat(400),
  "-0",
  "NaN",
  "1e999999",
];

const ODD_NUMBERS = [
  "1e400",
  "-1e400",
  "1E+99999",
  "0.0000000000000000000000001",
  "9007199254740993",
  "-0",
  "1.",
  ".5",
  "01",
  "0x10",
  "1e-400",
];

function randomScalar(rng: Random): unknown {
  return rng.pick<unknown>([
    0,
    -1,
    1.5,
    2 ** 53,
    -(2 ** 63),
    1e308,
    true,
    false,
    null,
    "x",
    rng.text(20),
    [],
    {},
    [1, "a", null],
    { a: { b: [] } },
  ]);
}

function hugeString(rng: Random): string {
  const size = rng.pick([10_000, 100_000, 400_001, 1_048_577, 2_000_000]);
  return rng.pick(["x", "\u00e9", "\u{1f600}", "\\"]).repeat(Math.ceil(size / 2));
}

function deep(rng: Random): Verbatim {
  const depth = rng.pick([200, 5_000, 100_000]);
  return rng.chance(0.5) ? nested(depth, "[", "]") : nested(depth, '{"a":', "}", "1");
}

/** One value mutation in place (the root itself is never replaced). Returns its name. */
export function mutateValue(root: Record<string, unknown>, rng: Random): string {
  const all = slots(root);
  const pickSlot = (): [Container, string | number] => (all.length > 0 ? rng.pick(all) : [root, "Extra"]);
  const set = (slot: [Container, string | number], value: unknown) => {
    (slot[0] as Record<string | number, unknown>)[slot[1]] = value;
  };
  const kind = rng.weighted<string>([
    [4, "wrong-type"],
    [3, "drop-member"],
    [2, "extra-member"],
    [2, "huge-string"],
    [2, "odd-number"],
    [2, "deep-nesting"],
    [1, "many-entries"],
    [3, "hostile-string"],
  ]);
  switch (kind) {
    case "wrong-type":
      set(pickSlot(), randomScalar(rng));
      break;
    case "drop-member": {
      const [node, key] = pickSlot();
      if (Array.isArray(node)) node.splice(Number(key), 1);
      else delete node[key as string];
      break;
    }
    case "extra-member": {
      const objects = all.map(([n]) => n).filter((n) => !Array.isArray(n));
      const node = (objects.length > 0 ? rng.pick(objects) : root) as Record<string, unknown>;
      const name = rng.pick(["__proto__", "constructor", "prototype", "toString", "Unknown", rng.text(12)]);
      Object.defineProperty(node, name, {
        value: randomScalar(rng),
        enumerable: true,
        configurable: true,
        writable: true,
      });
      break;
    }
    case "huge-string":
      set(pickSlot(), hugeString(rng));
      break;
    case "odd-number":
      set(pickSlot(), new Verbatim(rng.pick(ODD_NUMBERS)));
      break;
    case "deep-nesting":
      set(pickSlot(), deep(rng));
      break;
    case "many-entries": {
      const count = rng.pick([1_000, 20_000, 100_000]);
      set(
        pickSlot(),
        rng.chance(0.5)
          ? Array.from({ length: count }, (_, i) => ({ S: String(i) }))
          : Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, { S: "v" }])),
      );
      break;
    }
    case "hostile-string":
      set(pickSlot(), rng.pick(HOSTILE_STRINGS));
      break;
  }
  return kind;
}

const CONTENT_TYPES = [
  "application/x-amz-json-1.0",
  "application/x-amz-json-1.1",
  "application/json",
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded; charset=iso-8859-1",
  "text/plain",
  "text/xml",
  "multipart/form-data; boundary=xyz",
  "application/octet-stream",
  "",
  "application/x-amz-json-9.9",
  "application/x-amz-json-1.0; charset=utf-8",
];
const METHODS = ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "CONNECT"];
const PATHS = [
  "//",
  "/%",
  "/%ZZ/%",
  "/..%2f..%2fetc%2fpasswd",
  "/000000000000/",
  "/000000000000/q/extra/segments",
  "/?Action=ListQueues",
  "/?Action=",
  "/?Action=__proto__",
  "/2015-03-31/functions/",
  "/2015-03-31/functions/%F0%28%8C%BC/invocations",
  "/2015-03-31/functions/fuzz-fn/invocations?Qualifier=%00",
  "/2015-03-31/functions/fuzz-fn/invocations?Qualifier=$LATEST&Qualifier=1",
  "/2015-03-31/functions/fuzz-fn/policy?RevisionId=",
  "/2018-10-31/layers/x/versions",
  "/_orderflow/health",
  "/_orderflow/clock/advance",
  "/_orderflow/nope",
  "http://engine/absolute",
  "*",
];
const TARGETS = [
  "",
  ".",
  "AmazonSQS.",
  ".ListQueues",
  "AmazonSQS.constructor",
  "AmazonSQS.__proto__",
  "AmazonSQS.toString",
  "DynamoDB_20120810.hasOwnProperty",
  "DynamoDB_20120810.valueOf",
  "Logs_20140328.__defineGetter__",
  "DynamoDBStreams_20120810.isPrototypeOf",
  "AmazonSQS.ListQueues.ListQueues",
  "DynamoDB_20120810.listtables",
];
const ACTIONS = [
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "listqueues",
  "",
  "ListQueues ",
];
const AUTHORIZATIONS = [
  "",
  "AWS4-HMAC-SHA256",
  "AWS4-HMAC-SHA256 Credential=/////aws4_request",
  "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/nosuchservice/aws4_request, SignedHeaders=host, Signature=0",
  "AWS4-HMAC-SHA256 Credential=test/20260101/\u00e9/sqs/aws4_request, SignedHeaders=host, Signature=0",
  "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
  "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0",
  "Basic dGVzdDp0ZXN0",
];

/** One wire mutation in place. Returns its name. */
export function mutateRequest(request: RawRequest, rng: Random): string {
  const kind = rng.weighted<string>([
    [3, "invalid-utf8"],
    [3, "truncated-body"],
    [2, "binary-body"],
    [2, "xml-body"],
    [1, "empty-body"],
    [3, "content-type"],
    [2, "method"],
    [2, "path"],
    [2, "duplicate-header"],
    [1, "oversized-header"],
    [1, "many-headers"],
    [2, "target"],
    [2, "action"],
    [1, "chunked"],
    [2, "authorization"],
    [1, "pipelined"],
    [1, "bad-content-length"],
  ]);
  const { body } = request;
  switch (kind) {
    case "invalid-utf8": {
      const at = rng.int(0, body.length);
      const bad = rng.pick([
        [0xc3, 0x28],
        [0xff],
        [0xed, 0xa0, 0x80],
        [0xf0, 0x28, 0x8c],
        [0x80],
        [0xc0, 0xaf],
      ]);
      request.body = Buffer.concat([body.subarray(0, at), Buffer.from(bad), body.subarray(at)]);
      break;
    }
    case "truncated-body":
      request.body = body.subarray(0, rng.int(0, Math.max(0, body.length - 1)));
      break;
    case "binary-body":
      request.body = rng.bytes(rng.pick([1, 64, 4096, 70_000]));
      break;
    case "xml-body":
      request.body = Buffer.from(
        rng.pick([
          '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bbbbbbbb"><!ENTITY c "&b;&b;&b;&b;&b;">]><a>&c;</a>',
          "<ListQueuesRequest><QueueNamePrefix>x</QueueNamePrefix></ListQueuesRequest>",
          "<a><b><c>".repeat(5000),
          "]]></a><",
          '<?xml version="1.0" encoding="UTF-7"?><x/>',
        ]),
      );
      break;
    case "empty-body":
      request.body = Buffer.alloc(0);
      break;
    case "content-type":
      setHeader(request, "Content-Type", rng.chance(0.1) ? undefined : rng.pick(CONTENT_TYPES));
      break;
    case "method":
      request.method = rng.pick(METHODS);
      break;
    case "path":
      request.path = rng.pick(PATHS);
      break;
    case "duplicate-header": {
      const name = rng.pick([
        "X-Amz-Target",
        "Content-Type",
        "Authorization",
        "Host",
        "X-Amz-Invocation-Type",
        "Content-Length",
      ]);
      const existing = header(request, name);
      const extra =
        name === "Content-Length"
          ? String(body.length + rng.int(-5, 5))
          : rng.pick([existing ?? "", "x", "AmazonSQS.ListQueues"]);
      request.headers.push([name, extra]);
      if (name === "Content-Length") {
        request.headers.push(["Content-Length", String(body.length)]);
        return "duplicate-content-length";
      }
      break;
    }
    case "oversized-header":
      request.headers.push([
        rng.pick(["X-Amz-Target", "X-Big", "Authorization"]),
        "a".repeat(rng.pick([9_000, 17_000, 70_000])),
      ]);
      break;
    case "many-headers":
      for (let i = 0; i < rng.pick([200, 3_000]); i++) request.headers.push([`X-H${i}`, "v"]);
      break;
    case "target":
      setHeader(request, "X-Amz-Target", rng.pick(TARGETS));
      break;
    case "action": {
      const action = rng.pick(ACTIONS);
      request.body = Buffer.from(
        body.toString("latin1").replace(/^Action=[^&]*/, `Action=${encodeURIComponent(action)}`) ||
          `Action=${action}`,
        "latin1",
      );
      break;
    }
    case "chunked":
      setHeader(request, "Transfer-Encoding", "chunked");
      request.body = Buffer.from(
        rng.pick([
          `${body.length.toString(16)}\r\n${body.toString("latin1")}\r\n0\r\n\r\n`,
          "zz\r\nabc\r\n0\r\n\r\n",
          "ffffffffffffffff\r\nabc",
          `3\r\n{"a\r\n`,
        ]),
        "latin1",
      );
      break;
    case "authorization":
      setHeader(request, "Authorization", rng.pick(AUTHORIZATIONS));
      break;
    case "pipelined":
      setHeader(request, "Connection", "keep-alive");
      request.body = Buffer.concat([
        body,
        Buffer.from("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"),
      ]);
      setHeader(request, "Content-Length", String(body.length));
      break;
    case "bad-content-length":
      setHeader(
        request,
        "Content-Length",
        rng.pick(["-1", "abc", "99999999999999999999", "1, 2", String(body.length + 10)]),
      );
      break;
  }
  return kind;
}

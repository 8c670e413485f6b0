import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MAX_EVENT_PATTERN_LENGTH_CHARS,
  parseEventPattern,
} from "../../../src/shared/event-pattern/index.ts";
import { matches, rejection, rejectTable } from "./support.ts";

// Reasons are event-ruler's (JsonRuleCompiler, CIDR, WildcardParser, ComparableNumber, Range).
// Rows marked "recorded" were answered by AWS's TestEventPattern in LocalStack's snapshot
// tests/aws/services/events/test_events_patterns.snapshot.json.

const EXPECTED_VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const field = (operator: Record<string, unknown>) => ({ field: [operator] });

describe("patterns that are not a JSON object", () => {
  rejectTable([
    [
      "text (recorded)",
      "this is valid json but not a dict",
      `Unrecognized token 'this': was expecting ${EXPECTED_VALUE}`,
    ],
    [
      "single quotes (recorded)",
      "{'bad': 'quotation'}",
      "Unexpected character (''' (code 39)): was expecting double-quote to start field name",
    ],
    [
      "an unquoted value (recorded)",
      '{"not": closed mark"',
      `Unrecognized token 'closed': was expecting ${EXPECTED_VALUE}`,
    ],
    ["an array (recorded)", '["not", "a", "dict", "but valid json"]', "Filter is not an object"],
    ["an unterminated array", '["a", ', "Filter is not an object"],
    ["a string", '"pattern"', "Filter is not an object"],
    ["a number", "42", "Filter is not an object"],
    ["null", "null", "Filter is not an object"],
    ["nothing", "   ", "Filter is not an object"],
    ["an unterminated object", '{"a": ["x"]', "Unexpected end-of-input: expected close marker for Object"],
    ["an unterminated list", '{"a": ["x"', "Unexpected end-of-input: expected close marker for Array"],
    [
      "an unterminated string",
      '{"a": ["x',
      "Unexpected end-of-input: was expecting closing quote for a string value",
    ],
    [
      "a missing comma in a list",
      '{"a": ["x" "y"]}',
      "Unexpected character ('\"' (code 34)): was expecting comma to separate Array entries",
    ],
    [
      "a list closed by a brace",
      '{"a": ["x"}',
      "Unexpected character ('}' (code 125)): was expecting comma to separate Array entries",
    ],
    [
      "a missing comma between fields",
      '{"a": ["x"] "b": ["y"]}',
      "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries",
    ],
    [
      "a missing colon",
      '{"a" ["x"]}',
      "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value",
    ],
    [
      "a trailing comma",
      '{"a": ["x",]}',
      `Unexpected character (']' (code 93)): expected a valid value ${EXPECTED_VALUE}`,
    ],
    ["a misspelt literal", '{"a": [tru]}', `Unrecognized token 'tru': was expecting ${EXPECTED_VALUE}`],
    ["a leading zero", '{"a": [01]}', "Invalid numeric value: Leading zeroes not allowed"],
    [
      "a bare minus",
      '{"a": [-]}',
      "Unexpected character (']' (code 93)) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value",
    ],
    [
      "a decimal point without digits",
      '{"a": [1.]}',
      "Unexpected character (']' (code 93)) in numeric value: Decimal point not followed by a digit",
    ],
    [
      "an exponent without digits",
      '{"a": [1e]}',
      "Unexpected character (']' (code 93)) in numeric value: Exponent indicator not followed by a digit",
    ],
    ["an unknown escape", '{"a": ["\\x"]}', "Unrecognized character escape 'x' (code 120)"],
    [
      "a raw control character",
      '{"a": ["\u0001"]}',
      "Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be included in string value",
    ],
  ]);
});

describe("pattern structure", () => {
  rejectTable([
    ["an empty pattern", {}, "Empty objects are not allowed"],
    ["an empty nested object", { detail: {} }, "Empty objects are not allowed"],
    ["a number instead of a list (recorded)", { int: 42 }, '"int" must be an object or an array'],
    [
      "a string instead of a list (recorded)",
      { string: "my-value" },
      '"string" must be an object or an array',
    ],
    ["null instead of a list", { detail: { state: null } }, '"state" must be an object or an array'],
    ["an empty list (recorded)", { resources: [] }, "Empty arrays are not allowed"],
    ["a list inside a list", { a: [["x"]] }, "Match value must be String, number, true, false, or null"],
    ["an empty operator object", { a: [{}] }, "Match expression name not found"],
    ["an upper-case operator (recorded)", { my_key: [{ EXISTS: true }] }, "Unrecognized match type EXISTS"],
    ["NUMERIC (recorded)", { detail: { equal: [{ NUMERIC: ["=", 5] }] } }, "Unrecognized match type NUMERIC"],
    ["an unknown operator", field({ contains: "x" }), "Unrecognized match type contains"],
  ]);
});

describe("$or", () => {
  rejectTable([
    ["a single branch", { $or: [{ a: ["1"] }] }, "There must have at least 2 Objects in $or relationship."],
    ["no branch", { $or: [] }, "There must have at least 2 Objects in $or relationship."],
    ["an object instead of a list", { $or: { a: ["1"] } }, "It must be an Array followed with $or."],
    [
      "a branch that is not an object",
      { $or: [{ a: ["1"] }, "b"] },
      "Only JSON object is allowed in array of $or relationship.",
    ],
    ["an empty branch", { $or: [{ a: ["1"] }, {}] }, "Empty objects are not allowed"],
    [
      "an operator name as a field",
      { $or: [{ numeric: [1] }, { prefix: ["a"] }] },
      "numeric is Ruler reserved fieldName which cannot be used inside $or.",
    ],
    [
      "a reserved name nested in a branch",
      { $or: [{ a: { ">=": ["x"] } }, { b: ["1"] }] },
      ">= is Ruler reserved fieldName which cannot be used inside $or.",
    ],
  ]);
  it("allows operator names as fields outside $or", () => {
    assert.equal(matches({ prefix: ["x"] }, { prefix: "x" }), true);
  });
  it("refuses more combinations than the engine expands", () => {
    const ors = Array.from({ length: 14 }, (_, i) => `"k${i}": {"$or": [{"a": ["1"]}, {"b": ["2"]}]}`);
    assert.match(rejection(`{${ors.join(",")}}`, { maxLength: 100_000 }), /^Event pattern is too complex/);
  });
});

describe("prefix, suffix and equals-ignore-case", () => {
  rejectTable([
    [
      "a prefix list (recorded)",
      { time: [{ prefix: ["2022-07-13"] }] },
      "prefix match pattern must be a string",
    ],
    ["a numeric prefix (recorded)", { time: [{ prefix: 123 }] }, "prefix match pattern must be a string"],
    ["a numeric suffix (recorded)", { FileName: [{ suffix: 123 }] }, "suffix match pattern must be a string"],
    [
      "a suffix list (recorded)",
      { FileName: [{ suffix: [".png"] }] },
      "suffix match pattern must be a string",
    ],
    [
      "two operators in one object",
      field({ prefix: "x", suffix: "y" }),
      "Only one key allowed in match expression",
    ],
    ["an empty prefix object", field({ prefix: {} }), "Prefix expression name not found"],
    [
      "a prefix object of another kind",
      field({ prefix: { wildcard: "x" } }),
      "Unsupported prefix pattern: wildcard",
    ],
    ["a suffix object of another kind", field({ suffix: { x: "y" } }), "Unsupported suffix pattern: x"],
    [
      "a number to ignore case of",
      field({ suffix: { "equals-ignore-case": 1 } }),
      "equals-ignore-case match pattern must be a string",
    ],
    [
      "a second key in the case object",
      field({ prefix: { "equals-ignore-case": "x", other: 1 } }),
      "Only one key allowed in match expression",
    ],
    [
      "an equals-ignore-case list (recorded)",
      { "detail-type": [{ "equals-ignore-case": ["ec2 instance state-change notification"] }] },
      "equals-ignore-case match pattern must be a string",
    ],
    [
      "an equals-ignore-case object (recorded)",
      { "detail-type": [{ "equals-ignore-case": { prefix: "ec2" } }] },
      "equals-ignore-case match pattern must be a string",
    ],
    ["a numeric exactly", field({ exactly: 5 }), "exact match pattern must be a string"],
  ]);
});

describe("wildcard", () => {
  rejectTable([
    ["a number (recorded)", { EventBusArn: [{ wildcard: 123 }] }, "wildcard match pattern must be a string"],
    [
      "a list (recorded)",
      { EventBusArn: [{ wildcard: ["arn:aws:events:us-east-1:**:event-bus/*"] }] },
      "wildcard match pattern must be a string",
    ],
    [
      "consecutive stars (recorded)",
      { EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:**:event-bus/*" }] },
      "Consecutive wildcard characters at pos 26",
    ],
    [
      "consecutive stars after a two-byte character",
      field({ wildcard: "é**" }),
      "Consecutive wildcard characters at pos 3",
    ],
    [
      "an escaped backslash before two stars",
      field({ wildcard: "a\\\\**" }),
      "Consecutive wildcard characters at pos 4",
    ],
    ["a backslash before a letter", field({ wildcard: "a\\b" }), "Invalid escape character at pos 2"],
    ["a trailing backslash", field({ wildcard: "ab\\" }), "Invalid escape character at pos 3"],
  ]);
  it("accepts an escaped star followed by a star", () => {
    assert.equal(matches(field({ wildcard: "\\**" }), { field: "*tail" }), true);
  });
});

describe("anything-but", () => {
  rejectTable([
    [
      "null",
      field({ "anything-but": null }),
      "Value of anything-but must be an array or single string/number value.",
    ],
    [
      "a boolean",
      field({ "anything-but": true }),
      "Value of anything-but must be an array or single string/number value.",
    ],
    [
      "a prefix ignoring case (recorded)",
      { detail: { FileName: [{ "anything-but": { prefix: { "equals-ignore-case": "file" } } }] } },
      "Value of anything-but must be an array or single string/number value.",
    ],
    [
      "a suffix ignoring case (recorded)",
      { detail: { FileName: [{ "anything-but": { suffix: { "equals-ignore-case": ".png" } } }] } },
      "Value of anything-but must be an array or single string/number value.",
    ],
    ["an empty object", field({ "anything-but": {} }), "Anything-But expression name not found"],
    [
      "an unsupported operator",
      field({ "anything-but": { exists: true } }),
      "Unsupported anything-but pattern: exists",
    ],
    [
      "a numeric prefix (recorded)",
      field({ "anything-but": { prefix: 123 } }),
      "prefix/suffix match pattern must be a string",
    ],
    [
      "a number among prefixes (recorded)",
      field({ "anything-but": { prefix: [123, "test"] } }),
      "prefix/suffix match pattern must be a string",
    ],
    [
      "a numeric suffix (recorded)",
      field({ "anything-but": { suffix: 123 } }),
      "prefix/suffix match pattern must be a string",
    ],
    [
      "a number among suffixes (recorded)",
      field({ "anything-but": { suffix: [123, ".txt"] } }),
      "prefix/suffix match pattern must be a string",
    ],
    ["an empty prefix", field({ "anything-but": { prefix: "" } }), "Null prefix/suffix not allowed"],
    [
      "an empty suffix in a list",
      field({ "anything-but": { suffix: ["a", ""] } }),
      "Null prefix/suffix not allowed",
    ],
    [
      "a number to ignore case of (recorded)",
      field({ "anything-but": { "equals-ignore-case": 123 } }),
      "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
    ],
    [
      "numbers to ignore case of (recorded)",
      field({ "anything-but": { "equals-ignore-case": [123, 456] } }),
      "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
    ],
    [
      "a numeric wildcard (recorded)",
      field({ "anything-but": { wildcard: 123 } }),
      "wildcard match pattern must be a string",
    ],
    [
      "a number among wildcards (recorded)",
      field({ "anything-but": { wildcard: [123, "*/dir/*"] } }),
      "wildcard match pattern must be a string",
    ],
    [
      "consecutive stars",
      field({ "anything-but": { wildcard: "a**" } }),
      "Consecutive wildcard characters at pos 2",
    ],
    [
      "strings and numbers mixed",
      field({ "anything-but": ["a", 1] }),
      "Inside anything but list, either all values are number or string, mixed type is not supported",
    ],
    [
      "an empty list",
      field({ "anything-but": [] }),
      "Inside anything but list, either all values are number or string, mixed type is not supported",
    ],
    [
      "null in a list",
      field({ "anything-but": [null] }),
      "Inside anything but list, start|null|boolean is not supported.",
    ],
    [
      "a list in a list",
      field({ "anything-but": [["a"]] }),
      "Inside anything but list, start|null|boolean is not supported.",
    ],
    ["a second key", field({ "anything-but": "a", prefix: "b" }), "Too many elements in numeric expression"],
    [
      "a second key in the inner object",
      field({ "anything-but": { prefix: "a", suffix: "b" } }),
      "Too many elements in numeric expression",
    ],
    [
      "a number out of range",
      field({ "anything-but": 6e9 }),
      "Value must be between -5.0E9 and 5.0E9, inclusive",
    ],
    [
      "a number with seven decimals",
      field({ "anything-but": [1.0000001] }),
      "Only values upto 6 decimals are supported",
    ],
  ]);
});

describe("numeric", () => {
  rejectTable([
    ["a number instead of a list", field({ numeric: 5 }), "Value of numeric must be an array."],
    ["an empty list", field({ numeric: [] }), "Invalid member in numeric match: ]"],
    ["a number first", field({ numeric: [5] }), "Invalid member in numeric match: 5"],
    ["an object first", field({ numeric: [{}] }), "Invalid member in numeric match: {"],
    ["an unknown operator", field({ numeric: ["==", 5] }), "Unrecognized numeric range operator: =="],
    ["a string operand", field({ numeric: ["=", "5"] }), "Value of equals must be numeric"],
    ["no operand", field({ numeric: ["="] }), "Value of equals must be numeric"],
    ["a string after >=", field({ numeric: [">=", "0"] }), "Value of >= must be numeric"],
    ["two operands to =", field({ numeric: ["=", 5, 6] }), "Too many elements in numeric expression"],
    [
      "a range starting with <",
      field({ numeric: ["<", 5, ">", 0] }),
      "Too many elements in numeric expression",
    ],
    [
      "> twice (recorded)",
      { detail: { "c-count": [{ numeric: [">", 0, ">", 0] }] } },
      "Bad numeric range operator: >",
    ],
    [
      "a number where the second operator goes",
      field({ numeric: [">", 0, 5] }),
      "Bad value in numeric range: 5",
    ],
    [
      "a missing upper bound (recorded)",
      { detail: { "c-count": [{ numeric: [">", 0, "<"] }] } },
      "Value of < must be numeric",
    ],
    ["five terms", field({ numeric: [">", 0, "<", 5, 6] }), "Too many terms in numeric range expression"],
    ["an empty range", field({ numeric: [">", 5, "<", 5] }), "Bottom must be less than top"],
    ["a reversed range", field({ numeric: [">=", 10, "<=", 1] }), "Bottom must be less than top"],
    ["> the largest comparable number", field({ numeric: [">", 5e9] }), "Bottom must be less than top"],
    ["< the smallest comparable number", field({ numeric: ["<", -5e9] }), "Bottom must be less than top"],
    [
      "a bound beyond 5e9",
      field({ numeric: ["<", 6e9] }),
      "Value must be between -5.0E9 and 5.0E9, inclusive",
    ],
    [
      "a bound below -5e9",
      field({ numeric: [">", -5000000000.5] }),
      "Value must be between -5.0E9 and 5.0E9, inclusive",
    ],
    ["seven decimals", field({ numeric: ["=", 0.1234567] }), "Only values upto 6 decimals are supported"],
    ["a second key", field({ numeric: [">", 0], prefix: "x" }), "Too many elements in numeric expression"],
  ]);
  it("checks a range's shape before reading its numbers", () => {
    assert.equal(
      rejection(field({ numeric: ["<", 0.1234567, 5] })),
      "Too many elements in numeric expression",
    );
  });
  it("accepts trailing zeros beyond six decimals", () => {
    assert.equal(matches('{"n": [{"numeric": ["=", 1.50000000]}]}', { n: 1.5 }), true);
  });
});

describe("exists", () => {
  rejectTable([
    ["a string", field({ exists: "true" }), "exists match pattern must be either true or false."],
    ["null", field({ exists: null }), "exists match pattern must be either true or false."],
    ["a second key", field({ exists: true, prefix: "x" }), "Only one key allowed in match expression"],
  ]);
});

describe("cidr", () => {
  rejectTable([
    [
      "a list (recorded)",
      { detail: { sourceIPAddress: [{ cidr: ["bad-type"] }] } },
      "prefix match pattern must be a string",
    ],
    ["no mask (recorded)", field({ cidr: "10.0.0.0" }), "Malformed CIDR, one '/' required"],
    ["two masks", field({ cidr: "10.0.0.0/24/8" }), "Malformed CIDR, one '/' required"],
    [
      "a mask that is not a number (recorded)",
      field({ cidr: "10.0.0.0/xx" }),
      "Malformed CIDR, mask bits must be an integer",
    ],
    ["a negative mask", field({ cidr: "10.0.0.0/-1" }), "Malformed CIDR, mask bits must not be negative"],
    ["a host name (recorded)", field({ cidr: "xx.11.xx/24" }), "Nonstandard IP address: xx.11.xx"],
    [
      "a bad IPv6 address (recorded)",
      field({ cidr: "xxxx:db8:1234:1a00::/64" }),
      "Nonstandard IP address: xxxx:db8:1234:1a00::",
    ],
    ["an octet over 255", field({ cidr: "10.0.0.256/24" }), "Invalid IP address: 10.0.0.256"],
    ["too few IPv6 groups", field({ cidr: "1:2:3/64" }), "Invalid IP address: 1:2:3"],
    ["an IPv4 /32", field({ cidr: "10.0.0.1/32" }), "IPv4 mask bits must be < 32"],
    ["an IPv6 /128", field({ cidr: "::1/128" }), "IPv6 mask bits must be < 128"],
    ["a second key", field({ cidr: "10.0.0.0/8", prefix: "x" }), "Only one key allowed in match expression"],
  ]);
  it("drops a trailing slash as Java's split does", () => {
    assert.equal(matches(field({ cidr: "10.0.0.0/24/" }), { field: "10.0.0.7" }), true);
  });
});

describe("pattern length", () => {
  const padded = (length: number) => {
    const skeleton = '{"a": [""]}';
    return `{"a": ["${"x".repeat(length - skeleton.length)}"]}`;
  };
  it("accepts a pattern of the maximum length", () => {
    assert.equal(parseEventPattern(padded(MAX_EVENT_PATTERN_LENGTH_CHARS)).text.length, 4_096);
  });
  it("refuses a pattern one character longer", () => {
    assert.equal(
      rejection(padded(MAX_EVENT_PATTERN_LENGTH_CHARS + 1)),
      "Member must have length less than or equal to 4096",
    );
  });
  it("counts characters, not UTF-16 units", () => {
    const text = `{"a": ["${"😀".repeat(3_000)}"]}`;
    assert.ok(text.length > 4_096);
    assert.doesNotThrow(() => parseEventPattern(text));
  });
  it("takes the caller's limit", () => {
    assert.equal(
      rejection(padded(300), { maxLength: 256 }),
      "Member must have length less than or equal to 256",
    );
  });
});

describe("what event-ruler accepts", () => {
  const accepted: ReadonlyArray<readonly [string, string]> = [
    ["content after the pattern object (never read)", '{"a": ["x"]} trailing'],
    ["operator names as plain fields", '{"numeric": ["x"], "prefix": {"suffix": ["y"]}}'],
    ["an empty anything-but prefix list", '{"a": [{"anything-but": {"prefix": []}}]}'],
    ["a key given twice", '{"a": ["x"], "a": ["y"]}'],
    ["unicode escapes", '{"a": ["\\u00e9\\ud83d\\ude00"]}'],
  ];
  for (const [what, text] of accepted) {
    it(`accepts ${what}`, () => {
      assert.doesNotThrow(() => parseEventPattern(text));
    });
  }
  it("reads unicode escapes into the characters they stand for", () => {
    assert.equal(matches('{"a": ["\\u00e9\\ud83d\\ude00"]}', { a: "é😀" }), true);
  });
});

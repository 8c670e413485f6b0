import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matches, type Pattern } from "./support.ts";

// Outcomes AWS's TestEventPattern gave for LocalStack's templates
// (localstack/localstack tests/aws/services/events/event_pattern_templates/<name>.json5, run with
// `@markers.aws.validated`: a plain name matched, `_NEG` did not). Events are trimmed to the
// fields the patterns name.
const recorded: ReadonlyArray<readonly [string, Pattern, unknown, boolean]> = [
  ["number_comparison_float", { number: [300] }, JSON.parse('{"number": 300.0}'), true],
  ["numeric-int-float", { number: [{ numeric: [">", 100] }] }, JSON.parse('{"number": 101.0}'), true],
  ["numeric-null_NEG", { number: [{ numeric: [">", 100] }] }, { number: null }, false],
  [
    "content_anything_but_string_null",
    { detail: { state: [{ "anything-but": "initializing" }] } },
    { detail: { state: null } },
    true,
  ],
  [
    "content_anything_but_string_missing_NEG",
    { detail: { state: [{ "anything-but": "initializing" }] } },
    { detail: {} },
    false,
  ],
  [
    "content_anything_prefix_int_value",
    { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    { detail: { state: 12 } },
    true,
  ],
  [
    "content_anything_wildcard_int",
    { detail: { FilePath: [{ "anything-but": { wildcard: "*/dir/*" } }] } },
    { detail: { FilePath: 123 } },
    true,
  ],
  [
    "content_anything_wildcard_empty",
    { detail: { FilePath: [{ "anything-but": { wildcard: "" } }] } },
    { detail: { FilePath: "dir/init/file" } },
    true,
  ],
  [
    "content_anything_but_number_zero",
    { detail: { "x-limit": [{ "anything-but": 0 }] } },
    { detail: { "x-limit": 789 } },
    true,
  ],
  [
    "content_ignorecase_empty_NEG",
    { detail: { value: [{ "equals-ignore-case": "" }] } },
    { detail: { value: "test-value" } },
    false,
  ],
  [
    "content_ip_address_bad_type_NEG",
    { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } },
    { detail: { sourceIPAddress: 123 } },
    false,
  ],
  [
    "content_ip_address_v6",
    { detail: { sourceIPAddress: [{ cidr: "2001:db8:1234:1a00::/64" }] } },
    { detail: { sourceIPAddress: "2001:0db8:1234:1a00:0000:0000:0000:0000" } },
    true,
  ],
  ["exists_list_empty_NEG", { resources: [{ exists: true }] }, { resources: [] }, false],
  ["arrays_empty_null_NEG", { resources: [null] }, { resources: [] }, false],
  [
    "exists_dynamodb_NEG",
    { dynamodb: { presentKey: [{ exists: true }] } },
    { dynamodb: { presentKey: { S: "test123" } } },
    false,
  ],
  ["nested_json_NEG", { detail: { "my-key": ["my-value"] } }, { detail: '{"my-key": "my-value"}' }, false],
  [
    "list_within_dict",
    { detail: { automations: { id: [{ exists: true }] } } },
    { detail: { automations: [{ key1: "value1" }, { id: "match-does-exist" }, { key2: "value2" }] } },
    true,
  ],
  [
    "dot_joining_pattern",
    { detail: { "state.status": ["running"] } },
    { detail: { state: { status: "running" } } },
    true,
  ],
  [
    "dot_joining_pattern_NEG",
    { detail: { "state.status": { status: ["running"] } } },
    { detail: { state: { status: "running" } } },
    false,
  ],
  [
    "dot_joining_event_NEG",
    { detail: { state: { status: ["running"] } } },
    { detail: { "state.status": { status: "running" } } },
    false,
  ],
  [
    "or-exists",
    { dynamodb: { NewImage: { homemade: { S: [{ "anything-but": ["roses"] }, { exists: false }] } } } },
    { dynamodb: { NewImage: { homemade: { N: "789" } } } },
    true,
  ],
  [
    "or-exists-parent",
    { dynamodb: { NewImage: { homemade: { S: [{ "anything-but": ["roses"] }, { exists: false }] } } } },
    { dynamodb: { NewImage: { purchased: { N: "789" } } } },
    true,
  ],
  [
    "or-numeric-anything-but",
    {
      dynamodb: { NewImage: { numericFilter: { N: [{ numeric: [">", 100] }, { "anything-but": "101" }] } } },
    },
    { dynamodb: { NewImage: { numericFilter: { N: "42" } } } },
    true,
  ],
  [
    "or-numeric-anything-but_NEG",
    {
      dynamodb: { NewImage: { numericFilter: { N: [{ numeric: [">", 100] }, { "anything-but": "101" }] } } },
    },
    { dynamodb: { NewImage: { numericFilter: { N: "101" } } } },
    false,
  ],
  [
    "content_wildcard_simplified",
    { EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:*:event-bus/*" }] },
    { EventBusArn: "arn:aws:events:us-east-1:123456789012:event-bus/myEventBus" },
    true,
  ],
  [
    "operator_multiple_list",
    { my_key: [{ exists: true }, { prefix: "IGNORED" }, { suffix: "IGNORED" }] },
    { my_key: "my-value" },
    true,
  ],
];

describe("outcomes recorded against AWS", () => {
  for (const [template, pattern, event, expected] of recorded) {
    it(`${template}: ${expected ? "matches" : "does not match"}`, () => {
      assert.equal(matches(pattern, event), expected);
    });
  }
});

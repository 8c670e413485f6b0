import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matches, matchTable } from "./support.ts";

describe("prefix", () => {
  matchTable({ time: [{ prefix: "2017-10-02" }] }, [
    ["a string with the prefix", { time: "2017-10-02T18:43:48Z" }, true],
    ["exactly the prefix", { time: "2017-10-02" }, true],
    ["another day", { time: "2017-10-03T18:43:48Z" }, false],
    ["a number", { time: 20171002 }, false],
  ]);
  describe("case-sensitive", () => {
    matchTable({ service: [{ prefix: "Event" }] }, [
      ["the same case", { service: "EventBridge" }, true],
      ["another case", { service: "eventbridge" }, false],
    ]);
  });
  describe("an empty prefix", () => {
    matchTable({ source: [{ prefix: "" }] }, [
      ["any string", { source: "aws.ec2" }, true],
      ["the empty string", { source: "" }, true],
      ["a number", { source: 1 }, false],
      ["null", { source: null }, false],
    ]);
  });
  describe("ignoring case", () => {
    matchTable({ service: [{ prefix: { "equals-ignore-case": "EventB" } }] }, [
      ["upper case", { service: "EVENTBRIDGE" }, true],
      ["lower case", { service: "eventbridge" }, true],
      ["another prefix", { service: "sns" }, false],
    ]);
  });
});

describe("suffix", () => {
  matchTable({ FileName: [{ suffix: ".png" }] }, [
    ["a .png file", { FileName: "image.png" }, true],
    ["a .PNG file", { FileName: "image.PNG" }, false],
    ["a .jpg file", { FileName: "image.jpg" }, false],
    ["an array holding a .png file", { FileName: ["a.txt", "b.png"] }, true],
  ]);
  describe("ignoring case", () => {
    matchTable({ service: [{ suffix: { "equals-ignore-case": "tBridge" } }] }, [
      ["upper case", { service: "EVENTBRIDGE" }, true],
      ["mixed case", { service: "EventBridge" }, true],
      ["another suffix", { service: "EventBus" }, false],
    ]);
  });
});

describe("equals-ignore-case", () => {
  matchTable({ "detail-type": [{ "equals-ignore-case": "ec2 instance state-change notification" }] }, [
    ["the value in another case", { "detail-type": "EC2 Instance State-change Notification" }, true],
    ["another value", { "detail-type": "EC2 Spot Instance Interruption Warning" }, false],
    ["a number", { "detail-type": 1 }, false],
  ]);
  describe("the empty string", () => {
    matchTable({ value: [{ "equals-ignore-case": "" }] }, [
      ["an empty string", { value: "" }, true],
      ["a non-empty string", { value: "test-value" }, false],
    ]);
  });
  describe("non-ASCII letters", () => {
    matchTable({ name: [{ "equals-ignore-case": "ÉCOLE" }] }, [
      ["the lower-case word", { name: "école" }, true],
    ]);
  });
});

describe("wildcard", () => {
  matchTable({ EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:*:event-bus/*" }] }, [
    ["an event bus ARN", { EventBusArn: "arn:aws:events:us-east-1:123456789012:event-bus/myEventBus" }, true],
    [
      "an ARN in another region",
      { EventBusArn: "arn:aws:events:eu-west-1:123456789012:event-bus/myEventBus" },
      false,
    ],
    ["a rule ARN", { EventBusArn: "arn:aws:events:us-east-1:123456789012:rule/myRule" }, false],
    ["empty runs for both stars", { EventBusArn: "arn:aws:events:us-east-1::event-bus/" }, true],
  ]);
  describe("a star in the middle", () => {
    matchTable({ FilePath: [{ wildcard: "dir/*.png" }] }, [
      ["a .png in dir", { FilePath: "dir/image.png" }, true],
      ["a .png deeper in dir", { FilePath: "dir/sub/image.png" }, true],
      ["a .png elsewhere", { FilePath: "other/image.png" }, false],
      ["a .png with a suffix", { FilePath: "dir/image.png.bak" }, false],
    ]);
  });
  describe("repeating segments", () => {
    matchTable({ FileName: [{ wildcard: "/Users/*/dir/dir/dir/dir/dir/doc.txt" }] }, [
      ["the path", { FileName: "/Users/ls_user/dir/dir/dir/dir/dir/doc.txt" }, true],
      ["a path one dir short", { FileName: "/Users/ls_user/dir/dir/dir/dir/doc.txt" }, false],
    ]);
  });
  describe("no star", () => {
    matchTable({ name: [{ wildcard: "exact" }] }, [
      ["the same string", { name: "exact" }, true],
      ["a longer string", { name: "exactly" }, false],
    ]);
  });
  describe("a middle run that must not overlap the last one", () => {
    matchTable({ name: [{ wildcard: "*ab*b" }] }, [
      ["ab (the runs would share the b)", { name: "ab" }, false],
      ["abb", { name: "abb" }, true],
    ]);
  });
  describe("a lone star", () => {
    matchTable({ name: [{ wildcard: "*" }] }, [
      ["any string", { name: "anything" }, true],
      ["the empty string", { name: "" }, true],
      ["a number", { name: 5 }, false],
    ]);
  });
  describe("escapes", () => {
    matchTable({ name: [{ wildcard: "a\\*b*" }] }, [
      ["a literal star", { name: "a*b-rest" }, true],
      ["no star where the escaped one is", { name: "axb-rest" }, false],
    ]);
    matchTable({ name: [{ wildcard: "C:\\\\*" }] }, [["a literal backslash", { name: "C:\\Windows" }, true]]);
  });
  it("does not backtrack catastrophically on many stars", () => {
    const pattern = { name: [{ wildcard: "*a*a*a*a*a*a*a*a*b" }] };
    const started = performance.now();
    assert.equal(matches(pattern, { name: "a".repeat(5_000) }), false);
    assert.ok(performance.now() - started < 1_000);
  });
});

describe("anything-but", () => {
  describe("a string", () => {
    matchTable({ detail: { state: [{ "anything-but": "initializing" }] } }, [
      ["another string", { detail: { state: "running" } }, true],
      ["the string", { detail: { state: "initializing" } }, false],
      ["null (AWS matches it)", { detail: { state: null } }, true],
      ["a number", { detail: { state: 5 } }, true],
      ["a missing field", { detail: {} }, false],
      ["an array holding the string and another", { detail: { state: ["initializing", "running"] } }, true],
      ["an array holding only the string", { detail: { state: ["initializing"] } }, false],
    ]);
  });
  describe("a number", () => {
    matchTable({ detail: { "x-limit": [{ "anything-but": 123 }] } }, [
      ["another number", { detail: { "x-limit": 124 } }, true],
      ["the number", { detail: { "x-limit": 123 } }, false],
      ["the number as a float", JSON.parse('{"detail": {"x-limit": 123.0}}'), false],
      ["the number as a string", { detail: { "x-limit": "123" } }, true],
    ]);
  });
  describe("zero", () => {
    matchTable({ detail: { "x-limit": [{ "anything-but": 0 }] } }, [
      ["789", { detail: { "x-limit": 789 } }, true],
      ["zero", { detail: { "x-limit": 0 } }, false],
    ]);
  });
  describe("a list of strings", () => {
    matchTable({ detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } }, [
      ["another state", { detail: { state: "running" } }, true],
      ["a listed state", { detail: { state: "overloaded" } }, false],
      ["null", { detail: { state: null } }, true],
    ]);
  });
  describe("a list of numbers", () => {
    matchTable({ detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } }, [
      ["301.8", { detail: { "x-limit": 301.8 } }, true],
      ["200", { detail: { "x-limit": 200 } }, false],
      ["an array with an unlisted number", { detail: { "x-limit": [100, 50] } }, true],
    ]);
  });
  describe("a prefix", () => {
    matchTable({ detail: { state: [{ "anything-but": { prefix: "init" } }] } }, [
      ["a state without the prefix", { detail: { state: "running" } }, true],
      ["a state with it", { detail: { state: "initializing" } }, false],
      ["a number", { detail: { state: 12 } }, true],
      ["a missing field", { detail: {} }, false],
    ]);
  });
  describe("a list of prefixes", () => {
    matchTable({ detail: { state: [{ "anything-but": { prefix: ["init", "stop"] } }] } }, [
      ["a state with neither", { detail: { state: "running" } }, true],
      ["a state with the second", { detail: { state: "stopping" } }, false],
    ]);
  });
  describe("a suffix", () => {
    matchTable({ FileName: [{ "anything-but": { suffix: ".png" } }] }, [
      ["a .txt file", { FileName: "notes.txt" }, true],
      ["a .png file", { FileName: "image.png" }, false],
    ]);
  });
  describe("a list of suffixes", () => {
    matchTable({ FileName: [{ "anything-but": { suffix: [".png", ".txt"] } }] }, [
      ["a .jpg file", { FileName: "photo.jpg" }, true],
      ["a .txt file", { FileName: "notes.txt" }, false],
    ]);
  });
  describe("ignoring case", () => {
    matchTable({ detail: { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] } }, [
      ["another state", { detail: { state: "running" } }, true],
      ["the state in upper case", { detail: { state: "INITIALIZING" } }, false],
      ["null", { detail: { state: null } }, true],
    ]);
  });
  describe("ignoring case, a list", () => {
    matchTable(
      { detail: { state: [{ "anything-but": { "equals-ignore-case": ["Stopped", "OVERLOADED"] } }] } },
      [
        ["another state", { detail: { state: "running" } }, true],
        ["a listed state in another case", { detail: { state: "overloaded" } }, false],
      ],
    );
  });
  describe("a wildcard", () => {
    matchTable({ FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] }, [
      ["a path outside lib", { FilePath: "dir/src/file" }, true],
      ["a path inside lib", { FilePath: "dir/lib/file" }, false],
      ["a number", { FilePath: 123 }, true],
    ]);
  });
  describe("a list of wildcards", () => {
    matchTable({ FilePath: [{ "anything-but": { wildcard: ["*/lib/*", "*/dir/*"] } }] }, [
      ["a path in neither", { FilePath: "a/src/file" }, true],
      ["a path in the second", { FilePath: "a/dir/file" }, false],
    ]);
  });
  describe("an empty wildcard", () => {
    matchTable({ FilePath: [{ "anything-but": { wildcard: "" } }] }, [
      ["a non-empty string", { FilePath: "dir/init/file" }, true],
      ["the empty string", { FilePath: "" }, false],
    ]);
  });
});

describe("numeric", () => {
  const count = (op: unknown[]) => ({ detail: { "c-count": [{ numeric: op }] } });
  const event = (n: unknown) => ({ detail: { "c-count": n } });
  const results = (op: unknown[], values: unknown[]) => values.map((n) => matches(count(op), event(n)));
  it("compares with =", () => {
    assert.deepEqual(results(["=", 301.8], [301.8, 301.8, 3.018e2, 301.7, "301.8"]), [
      true,
      true,
      true,
      false,
      false,
    ]);
  });
  it("compares with <", () => {
    assert.deepEqual(results(["<", 10], [9.999999, 10, -5e9, 11]), [true, false, true, false]);
  });
  it("compares with <=", () => {
    assert.deepEqual(results(["<=", 10], [10, 10.000001]), [true, false]);
  });
  it("compares with >", () => {
    assert.deepEqual(results([">", 0], [0.000001, 0, -1]), [true, false, false]);
  });
  it("compares with >=", () => {
    assert.deepEqual(results([">=", 0], [0, -0.000001]), [true, false]);
  });
  it("compares with an open range", () => {
    assert.deepEqual(results([">", 0, "<", 5], [0, 0.5, 4.999999, 5]), [false, true, true, false]);
  });
  it("compares with a closed range", () => {
    assert.deepEqual(results([">=", 0, "<=", 5], [0, 5, 5.000001]), [true, true, false]);
  });
  it("compares negative numbers", () => {
    assert.deepEqual(results([">", -10, "<", -1], [-5, -10, -0.5]), [true, false, false]);
  });
  it("reaches the ends of the comparable range", () => {
    assert.deepEqual(results([">=", -5e9, "<=", 5e9], [-5e9, 5e9, 5e9 + 1, -5e9 - 1]), [
      true,
      true,
      false,
      false,
    ]);
  });
  it("compares values with six decimals exactly", () => {
    assert.deepEqual(results(["=", 0.000001], [0.000001, 0.0000011, 1e-6]), [true, false, true]);
  });
  it("does not compare an event number with more than six decimals", () => {
    assert.deepEqual(results([">", 0], [1.1234567, 1.123456]), [false, true]);
  });
  it("does not match strings, booleans, null or objects", () => {
    assert.deepEqual(results([">", 0], ["5", true, null, { n: 5 }]), [false, false, false, false]);
  });
  it("matches an array holding a number in range", () => {
    assert.deepEqual(
      results(
        [">", 100],
        [
          [1, 2, 101],
          [1, 2],
        ],
      ),
      [true, false],
    );
  });
  it("accepts 3.018e2 in a pattern", () => {
    assert.deepEqual(results(["=", 3.018e2], [301.8]), [true]);
  });
  it("matches 101.0 against > 100 (AWS-recorded numeric-int-float)", () => {
    assert.equal(matches({ number: [{ numeric: [">", 100] }] }, JSON.parse('{"number": 101.0}')), true);
  });
});

describe("exists", () => {
  describe("true", () => {
    matchTable({ detail: { state: [{ exists: true }] } }, [
      ["a string", { detail: { state: "pending" } }, true],
      ["null", { detail: { state: null } }, true],
      ["an empty string", { detail: { state: "" } }, true],
      ["a missing field", { detail: { other: "x" } }, false],
      ["an object (not a leaf)", { detail: { state: { c1: 100 } } }, false],
      ["an empty array", { detail: { state: [] } }, false],
      ["a non-empty array", { detail: { state: ["a"] } }, true],
    ]);
  });
  describe("false", () => {
    matchTable({ detail: { "c-count": [{ exists: false }] } }, [
      ["a missing field", { detail: { state: "running" } }, true],
      ["a missing parent", {}, true],
      ["an object (not a leaf)", { detail: { "c-count": { c1: 100 } } }, true],
      ["a present field", { detail: { "c-count": 5 } }, false],
      ["a null field", { detail: { "c-count": null } }, false],
      ["an empty array", { detail: { "c-count": [] } }, true],
    ]);
  });
  describe("false or a value", () => {
    const pattern = {
      dynamodb: { NewImage: { homemade: { S: [{ "anything-but": ["roses"] }, { exists: false }] } } },
    };
    matchTable(pattern, [
      ["a missing attribute", { dynamodb: { NewImage: { purchased: { N: "789" } } } }, true],
      ["an attribute of another type", { dynamodb: { NewImage: { homemade: { N: "789" } } } }, true],
      ["another value", { dynamodb: { NewImage: { homemade: { S: "tulips" } } } }, true],
      ["the excluded value", { dynamodb: { NewImage: { homemade: { S: "roses" } } } }, false],
    ]);
  });
  describe("true inside an array of objects", () => {
    matchTable({ detail: { automations: { id: [{ exists: true }] } } }, [
      [
        "one element with the field",
        { detail: { automations: [{ key1: "v" }, { id: "x" }, { key2: "v" }] } },
        true,
      ],
      ["no element with it", { detail: { automations: [{ key1: "v" }] } }, false],
    ]);
  });
  describe("listed with other operators", () => {
    matchTable({ my_key: [{ exists: true }, { prefix: "IGNORED" }, { suffix: "IGNORED" }] }, [
      ["any value", { my_key: "my-value" }, true],
      ["a missing field", { other: 1 }, false],
    ]);
  });
});

describe("cidr", () => {
  describe("IPv4", () => {
    matchTable({ detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } }, [
      ["the first address", { detail: { sourceIPAddress: "10.0.0.0" } }, true],
      ["an address inside", { detail: { sourceIPAddress: "10.0.0.33" } }, true],
      ["the last address", { detail: { sourceIPAddress: "10.0.0.255" } }, true],
      ["the next block", { detail: { sourceIPAddress: "10.0.1.0" } }, false],
      ["a number", { detail: { sourceIPAddress: 123 } }, false],
      ["a host name", { detail: { sourceIPAddress: "example.com" } }, false],
      ["an IPv6 address", { detail: { sourceIPAddress: "::1" } }, false],
      ["an address with an octet over 255", { detail: { sourceIPAddress: "10.0.0.256" } }, false],
    ]);
  });
  describe("a block written from an address inside it (event-ruler starts at that address)", () => {
    matchTable({ ip: [{ cidr: "10.0.0.5/24" }] }, [
      ["an address after it", { ip: "10.0.0.200" }, true],
      ["an address before it", { ip: "10.0.0.1" }, false],
    ]);
  });
  describe("a short mask", () => {
    matchTable({ ip: [{ cidr: "10.0.0.0/8" }] }, [
      ["an address in 10/8", { ip: "10.102.1.100" }, true],
      ["an address in 11/8", { ip: "11.0.0.1" }, false],
    ]);
  });
  describe("IPv6", () => {
    matchTable({ detail: { sourceIPAddress: [{ cidr: "2001:db8:1234:1a00::/64" }] } }, [
      [
        "the address written in full",
        { detail: { sourceIPAddress: "2001:0db8:1234:1a00:0000:0000:0000:0000" } },
        true,
      ],
      ["an address inside, compressed", { detail: { sourceIPAddress: "2001:db8:1234:1a00::ffff" } }, true],
      ["an address in upper case", { detail: { sourceIPAddress: "2001:DB8:1234:1A00::1" } }, true],
      ["the next block", { detail: { sourceIPAddress: "2001:db8:1234:1a01::" } }, false],
      ["an IPv4 address", { detail: { sourceIPAddress: "10.0.0.1" } }, false],
    ]);
  });
  describe("an IPv4-mapped IPv6 event address (Java reads it as IPv4)", () => {
    matchTable({ ip: [{ cidr: "10.0.0.0/24" }] }, [["::ffff:a00:1", { ip: "::ffff:a00:1" }, true]]);
  });
});

describe("exact values that are IP addresses", () => {
  matchTable({ ip: ["2001:db8::1"] }, [
    ["the same address", { ip: "2001:db8::1" }, true],
    ["the address written in full", { ip: "2001:0db8:0000:0000:0000:0000:0000:0001" }, true],
    ["another address", { ip: "2001:db8::2" }, false],
  ]);
  matchTable({ ip: ["10.0.0.1"] }, [
    ["the address", { ip: "10.0.0.1" }, true],
    ["the next address", { ip: "10.0.0.2" }, false],
  ]);
});

describe("exactly (event-ruler's exact-match operator)", () => {
  matchTable({ name: [{ exactly: "Alice" }] }, [
    ["the same string", { name: "Alice" }, true],
    ["another case", { name: "alice" }, false],
  ]);
});

describe("several operators in one list", () => {
  const pattern = {
    admins: ["skyli", { prefix: "hey" }, { prefix: "ad" }],
    test1: [{ "anything-but": 200 }],
  };
  matchTable(pattern, [
    ["a value matching one prefix", { admins: "admin", test1: 300 }, true],
    ["the exact value", { admins: "skyli", test1: 300 }, true],
    ["no listed value", { admins: "root", test1: 300 }, false],
    ["an excluded second field", { admins: "admin", test1: 200 }, false],
  ]);
  describe("numeric or anything-but over a DynamoDB number string", () => {
    const ddb = {
      dynamodb: { NewImage: { numericFilter: { N: [{ numeric: [">", 100] }, { "anything-but": "101" }] } } },
    };
    matchTable(ddb, [
      ['"42"', { dynamodb: { NewImage: { numericFilter: { N: "42" } } } }, true],
      ['"101"', { dynamodb: { NewImage: { numericFilter: { N: "101" } } } }, false],
    ]);
  });
});

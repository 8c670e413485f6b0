import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  InvalidEventPattern,
  matchesEventPattern,
  parseEventPattern,
} from "../../src/shared/event-pattern/index.ts";
import { matches, matchTable } from "./event-pattern/support.ts";

// Structure: exact values, nesting, AND/OR, arrays, null and empty strings, `$or`, dotted keys.
// Operators and validation have their own files under event-pattern/.

describe("event pattern exact values", () => {
  describe("a string", () => {
    matchTable({ source: ["aws.ec2"] }, [
      ["the same string", { source: "aws.ec2" }, true],
      ["another string", { source: "aws.s3" }, false],
      ["the string in another case", { source: "AWS.EC2" }, false],
      ["a missing field", { other: "aws.ec2" }, false],
      ["the string with a trailing space", { source: "aws.ec2 " }, false],
      ["an object at the field", { source: { value: "aws.ec2" } }, false],
    ]);
  });

  describe("a number", () => {
    matchTable({ risk: [80] }, [
      ["the same number", { risk: 80 }, true],
      ["the number written as a float (AWS matches by value)", JSON.parse('{"risk": 80.0}'), true],
      ["the number in scientific notation", JSON.parse('{"risk": 8e1}'), true],
      ["the number as a string", { risk: "80" }, false],
      ["another number", { risk: 81 }, false],
    ]);
  });

  describe("a number beyond event-ruler's numeric range", () => {
    matchTable({ account: [123456789012] }, [
      ["the same account number", { account: 123456789012 }, true],
      ["a different account number", { account: 123456789013 }, false],
    ]);
  });

  describe("booleans", () => {
    matchTable({ flag: [true] }, [
      ["true", { flag: true }, true],
      ["false", { flag: false }, false],
      ['the string "true"', { flag: "true" }, false],
    ]);
  });

  describe("null", () => {
    matchTable({ detail: { responseElements: [null] } }, [
      ["a null value", { detail: { responseElements: null } }, true],
      ["a missing field", { detail: {} }, false],
      ['the string "null"', { detail: { responseElements: "null" } }, false],
      ["an empty string", { detail: { responseElements: "" } }, false],
    ]);
  });

  describe("the empty string", () => {
    matchTable({ detail: { eventVersion: [""] } }, [
      ["an empty string", { detail: { eventVersion: "" } }, true],
      ["null", { detail: { eventVersion: null } }, false],
      ["a missing field", { detail: {} }, false],
    ]);
  });

  describe("several values (OR)", () => {
    matchTable({ source: ["aws.ec2", "aws.fargate", 7, null] }, [
      ["the first value", { source: "aws.ec2" }, true],
      ["the second value", { source: "aws.fargate" }, true],
      ["the number", { source: 7 }, true],
      ["null", { source: null }, true],
      ["none of them", { source: "aws.s3" }, false],
    ]);
  });
});

describe("event pattern structure", () => {
  describe("several fields (AND) and nesting", () => {
    const pattern = {
      source: ["aws.ec2"],
      "detail-type": ["EC2 Instance State-change Notification"],
      detail: { state: ["terminated"] },
    };
    const event = {
      version: "0",
      id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
      "detail-type": "EC2 Instance State-change Notification",
      source: "aws.ec2",
      account: "111122223333",
      time: "2017-12-22T18:43:48Z",
      region: "us-west-1",
      resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
      detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
    };
    matchTable(pattern, [
      ["the EventBridge guide's EC2 event", event, true],
      ["the event with another state", { ...event, detail: { state: "running" } }, false],
      ["the event without detail-type", { ...event, "detail-type": undefined }, false],
      ["the state one level too high", { ...event, state: "terminated", detail: {} }, false],
    ]);
  });

  describe("event arrays", () => {
    matchTable({ resources: ["arn:b"] }, [
      ["an array holding the value", { resources: ["arn:a", "arn:b"] }, true],
      ["an array without it", { resources: ["arn:a", "arn:c"] }, false],
      ["an empty array", { resources: [] }, false],
      ["nested arrays holding the value", { resources: [["arn:a"], ["arn:b"]] }, true],
    ]);
  });

  describe("arrays of objects", () => {
    const employees = {
      employees: [
        { firstName: "John", lastName: "Doe" },
        { firstName: "Anna", lastName: "Smith" },
        { firstName: "Peter", lastName: "Jones" },
      ],
    };
    it("matches a field of any element", () => {
      assert.equal(matches({ employees: { firstName: ["Anna"] } }, employees), true);
    });
    it("matches two fields of the same element", () => {
      assert.equal(matches({ employees: { firstName: ["Anna"], lastName: ["Smith"] } }, employees), true);
    });
    it("does not match two fields taken from different elements", () => {
      assert.equal(matches({ employees: { firstName: ["Anna"], lastName: ["Jones"] } }, employees), false);
    });
    it("does not match fields from different elements of an inner array", () => {
      const nested = { employees: [[{ firstName: "Anna" }, { lastName: "Jones" }]] };
      assert.equal(matches({ employees: { firstName: ["Anna"], lastName: ["Jones"] } }, nested), false);
    });
    it("matches fields in one element alongside a field outside the array", () => {
      const event = { team: "blue", ...employees };
      assert.equal(matches({ team: ["blue"], employees: { lastName: ["Jones"] } }, event), true);
    });
    it("matches fields of one element of an outer array found through different inner arrays", () => {
      const event = { groups: [{ a: [{ x: 1 }], b: [{ y: 2 }] }, { a: [{ x: 3 }] }] };
      assert.equal(matches({ groups: { a: { x: [1] }, b: { y: [2] } } }, event), true);
      assert.equal(matches({ groups: { a: { x: [3] }, b: { y: [2] } } }, event), false);
    });
  });

  describe("dotted keys (event-ruler joins paths with dots)", () => {
    it("a dotted pattern key finds a nested event field", () => {
      assert.equal(
        matches({ detail: { "state.status": ["running"] } }, { detail: { state: { status: "running" } } }),
        true,
      );
    });
    it("a nested pattern finds a dotted event key", () => {
      assert.equal(
        matches({ detail: { state: { status: ["running"] } } }, { detail: { "state.status": "running" } }),
        true,
      );
    });
    it("a dotted event key holding an object is not the leaf the pattern names", () => {
      const event = { detail: { "state.status": { status: "running" } } };
      assert.equal(matches({ detail: { state: { status: ["running"] } } }, event), false);
    });
  });

  describe("duplicate keys", () => {
    it("uses the last value given for a field", () => {
      const text = '{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}';
      assert.equal(matches(text, { detail: { location: "eu-west" } }), true);
      assert.equal(matches(text, { detail: { location: "us-east" } }), false);
    });
    it("keeps the fields of both copies of a repeated object", () => {
      const text = '{"a": {"b": ["1"]}, "a": {"c": ["2"]}}';
      assert.equal(matches(text, { a: { b: "1", c: "2" } }), true);
      assert.equal(matches(text, { a: { c: "2" } }), false);
    });
  });

  describe("events that are not objects", () => {
    matchTable({ a: ["x"] }, [
      ["a string", "x", false],
      ["null", null, false],
      ["undefined", undefined, false],
      ["an array of objects holding the field", [{ a: "x" }], true],
    ]);
  });
});

describe("$or", () => {
  describe("between fields", () => {
    const pattern = {
      source: ["aws.cloudwatch"],
      $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
    };
    matchTable(pattern, [
      ["the first branch", { source: "aws.cloudwatch", metricName: "ReadLatency" }, true],
      ["the second branch", { source: "aws.cloudwatch", namespace: "AWS/ES" }, true],
      [
        "both branches",
        { source: "aws.cloudwatch", metricName: "CPUUtilization", namespace: "AWS/EC2" },
        true,
      ],
      ["neither branch", { source: "aws.cloudwatch", metricName: "Other" }, false],
      ["a branch without the shared field", { metricName: "ReadLatency" }, false],
    ]);
  });

  describe("an AND inside a branch", () => {
    const pattern = {
      source: ["aws.cloudwatch"],
      $or: [
        { metricName: ["CPUUtilization"] },
        { metricType: ["MetricType"], namespace: ["AWS/EC2"] },
        { scope: ["Service"] },
      ],
    };
    matchTable(pattern, [
      [
        "both fields of the AND branch",
        { source: "aws.cloudwatch", metricType: "MetricType", namespace: "AWS/EC2" },
        true,
      ],
      ["half of the AND branch", { source: "aws.cloudwatch", metricType: "MetricType" }, false],
      ["the third branch", { source: "aws.cloudwatch", scope: "Service" }, true],
    ]);
  });

  describe("nested and parallel", () => {
    const pattern = {
      $or: [
        { metricName: ["CPUUtilization"] },
        { metricType: ["MetricType"], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
      ],
      detail: { $or: [{ source: ["aws.cloudwatch"] }, { "detail-type": ["CloudWatch Alarm State Change"] }] },
    };
    matchTable(pattern, [
      [
        "a nested branch and a detail branch",
        { metricType: "MetricType", spaceId: 1000, detail: { source: "aws.cloudwatch" } },
        true,
      ],
      ["the nested $or unmet", { metricType: "MetricType", detail: { source: "aws.cloudwatch" } }, false],
      ["the parallel $or unmet", { metricName: "CPUUtilization", detail: {} }, false],
      [
        "the first branch and the second detail branch",
        { metricName: "CPUUtilization", detail: { "detail-type": "CloudWatch Alarm State Change" } },
        true,
      ],
    ]);
  });

  it("lets a branch override a field given before the $or", () => {
    const pattern = { a: ["1"], $or: [{ a: ["2"] }, { b: ["3"] }] };
    assert.equal(matches(pattern, { a: "2" }), true);
    assert.equal(matches(pattern, { a: "1", b: "3" }), true);
    assert.equal(matches(pattern, { a: "1" }), false);
  });

  it("applies fields after the $or to every branch", () => {
    const text = '{"$or": [{"a": ["1"]}, {"b": ["2"]}], "c": ["3"]}';
    assert.equal(matches(text, { a: "1", c: "3" }), true);
    assert.equal(matches(text, { b: "2" }), false);
  });
});

describe("the compiled pattern", () => {
  it("keeps the pattern's text", () => {
    const text = '{"body": {"status": ["NEW"]}}';
    assert.equal(parseEventPattern(text).text, text);
  });

  it("lists every path it names, across $or branches", () => {
    const pattern = parseEventPattern(
      '{"body": {"a": ["1"], "$or": [{"b.c": ["2"]}, {"d": {"e": ["3"]}}]}, "x": [1]}',
    );
    assert.deepEqual([...pattern.paths].sort(), ["body.a", "body.b.c", "body.d.e", "x"]);
  });

  it("can be matched many times without being compiled again", () => {
    const pattern = parseEventPattern('{"n": [{"numeric": [">", 10]}]}');
    const results = [5, 15, 10, 10.5].map((n) => matchesEventPattern(pattern, { n }));
    assert.deepEqual(results, [false, true, false, true]);
  });

  it("refuses a pattern it did not compile", () => {
    assert.throws(() => matchesEventPattern({ text: "{}", paths: [] }, {}), TypeError);
  });

  it("raises InvalidEventPattern, an Error, for a bad pattern", () => {
    assert.throws(
      () => parseEventPattern("{}"),
      (error: unknown) => error instanceof InvalidEventPattern && error instanceof Error,
    );
  });
});

// The Lambda developer guide's filtering examples (invocation-eventfiltering.md,
// with-sqs-filtering, with-ddb-filtering), on records as Lambda delivers them. How the SQS body
// reaches the matcher (parsed when it is a JSON object) is the event source mapping's business.
describe("Lambda filtering examples", () => {
  const sqsRecord = (body: unknown) => ({
    messageId: "059f36b4-87a3-44ab-83d2-661975830a7d",
    receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "1545082649183",
      SenderId: "AIDAIENQZJOLO23YVJ4VO",
      ApproximateFirstReceiveTimestamp: "1545082649185",
    },
    messageAttributes: {},
    md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-2:123456789012:my-queue",
    awsRegion: "us-east-2",
  });
  const order = (requestCode: string, recordNumber: number) =>
    sqsRecord({ RecordNumber: recordNumber, TimeStamp: "yyyy-mm-ddThh:mm:ss", RequestCode: requestCode });

  describe("SQS: a JSON body field", () => {
    matchTable({ body: { RequestCode: ["BBBB"] } }, [
      ["a body with RequestCode BBBB", order("BBBB", 1), true],
      ["a body with RequestCode AAAA", order("AAAA", 1), false],
      ["a plain-string body", sqsRecord("RequestCode BBBB"), false],
    ]);
  });

  describe("SQS: a numeric range on the body", () => {
    matchTable({ body: { RecordNumber: [{ numeric: [">", 9999] }] } }, [
      ["record 10000", order("AAAA", 10000), true],
      ["record 9999", order("AAAA", 9999), false],
    ]);
  });

  describe("SQS: a plain-string body", () => {
    matchTable({ body: [{ prefix: "ERROR" }] }, [
      ["a body starting with ERROR", sqsRecord("ERROR: disk full"), true],
      ["a body starting with INFO", sqsRecord("INFO: all good"), false],
      ["a JSON body", order("ERROR", 1), false],
    ]);
  });

  describe("SQS: metadata and body together", () => {
    matchTable({ attributes: { ApproximateReceiveCount: ["1"] }, body: { RequestCode: ["AAAA"] } }, [
      ["a first delivery of AAAA", order("AAAA", 1), true],
      [
        "a second delivery of AAAA",
        { ...order("AAAA", 1), attributes: { ApproximateReceiveCount: "2" } },
        false,
      ],
    ]);
  });

  const streamRecord = (newImage: Record<string, unknown>, eventName = "INSERT") => ({
    eventID: "1",
    eventName,
    eventVersion: "1.0",
    eventSource: "aws:dynamodb",
    awsRegion: "us-east-1",
    dynamodb: {
      ApproximateCreationDateTime: 1678831218,
      Keys: { CustomerName: { S: "AnyCompany Industries" } },
      NewImage: newImage,
      SequenceNumber: "111",
      SizeBytes: 26,
      StreamViewType: "NEW_IMAGE",
    },
    eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2023-03-14T00:00:00.000",
  });
  const customer = (accountManager: string, paymentTerms = "60 days") =>
    streamRecord({
      AccountManager: { S: accountManager },
      PaymentTerms: { S: paymentTerms },
      CustomerName: { S: "AnyCompany Industries" },
    });

  describe("DynamoDB: a table key", () => {
    matchTable({ dynamodb: { Keys: { CustomerName: { S: ["AnyCompany Industries"] } } } }, [
      ["the customer's record", customer("Pat Candella"), true],
      [
        "another customer's record",
        { ...customer("Pat Candella"), dynamodb: { Keys: { CustomerName: { S: "Example Corp" } } } },
        false,
      ],
    ]);
  });

  describe("DynamoDB: a NewImage attribute with two allowed values", () => {
    matchTable({ dynamodb: { NewImage: { AccountManager: { S: ["Pat Candella", "Shirley Rodriguez"] } } } }, [
      ["Pat Candella", customer("Pat Candella"), true],
      ["Shirley Rodriguez", customer("Shirley Rodriguez"), true],
      ["someone else", customer("Terry Whitlock"), false],
    ]);
  });

  describe("DynamoDB: two NewImage attributes (AND)", () => {
    const pattern = {
      dynamodb: { NewImage: { AccountManager: { S: ["Pat Candella"] }, PaymentTerms: { S: ["60 days"] } } },
    };
    matchTable(pattern, [
      ["both attributes", customer("Pat Candella", "60 days"), true],
      ["only the manager", customer("Pat Candella", "30 days"), false],
    ]);
  });

  describe("DynamoDB: an attribute that must not exist", () => {
    matchTable({ dynamodb: { NewImage: { AccountManager: { S: [{ exists: false }] } } } }, [
      [
        "an image without the attribute",
        streamRecord({ CustomerName: { S: "AnyCompany Industries" } }),
        true,
      ],
      ["an image with it", customer("Pat Candella"), false],
    ]);
  });

  describe("DynamoDB: a number attribute, compared as the string DynamoDB JSON holds", () => {
    matchTable({ dynamodb: { Keys: { Id: { N: ["101"] } } } }, [
      ["Id 101", { dynamodb: { Keys: { Id: { N: "101" } } } }, true],
      ["Id 102", { dynamodb: { Keys: { Id: { N: "102" } } } }, false],
    ]);
    it("does not compare a DynamoDB number with numeric, since it is a string", () => {
      assert.equal(
        matches(
          { dynamodb: { Keys: { Id: { N: [{ numeric: [">", 100] }] } } } },
          { dynamodb: { Keys: { Id: { N: "101" } } } },
        ),
        false,
      );
    });
  });

  describe("DynamoDB: the event name with an image prefix", () => {
    const pattern = {
      eventName: ["INSERT", "MODIFY"],
      dynamodb: { NewImage: { PaymentTerms: { S: [{ prefix: "60" }] } } },
    };
    matchTable(pattern, [
      ["an INSERT with 60-day terms", customer("Pat Candella", "60 days"), true],
      ["a REMOVE", { ...customer("Pat Candella"), eventName: "REMOVE" }, false],
    ]);
  });

  describe("the filter rule syntax table", () => {
    const rows: ReadonlyArray<readonly [string, Record<string, unknown>, unknown, unknown]> = [
      ["Null", { UserID: [null] }, { UserID: null }, { UserID: "u-1" }],
      ["Empty", { LastName: [""] }, { LastName: "" }, { LastName: "Doe" }],
      ["Equals", { Name: ["Alice"] }, { Name: "Alice" }, { Name: "alice" }],
      [
        "And",
        { Location: ["New York"], Day: ["Monday"] },
        { Location: "New York", Day: "Monday" },
        { Location: "New York", Day: "Tuesday" },
      ],
      ["Or", { PaymentType: ["Credit", "Debit"] }, { PaymentType: "Debit" }, { PaymentType: "Cash" }],
      ["Not", { Weather: [{ "anything-but": ["Raining"] }] }, { Weather: "Sunny" }, { Weather: "Raining" }],
      ["Numeric (equals)", { Price: [{ numeric: ["=", 100] }] }, { Price: 100 }, { Price: 101 }],
      ["Numeric (range)", { Price: [{ numeric: [">", 10, "<=", 20] }] }, { Price: 20 }, { Price: 10 }],
      ["Exists", { ProductName: [{ exists: true }] }, { ProductName: "Widget" }, { Other: "x" }],
      ["Does not exist", { ProductName: [{ exists: false }] }, { Other: "x" }, { ProductName: "Widget" }],
      ["Begins with", { Region: [{ prefix: "us-" }] }, { Region: "us-east-1" }, { Region: "eu-west-1" }],
    ];
    for (const [operator, pattern, matching, other] of rows) {
      it(`${operator}: matches its example and not a counter-example`, () => {
        assert.deepEqual([matches(pattern, matching), matches(pattern, other)], [true, false]);
      });
    }
  });

  describe("Kinesis-style data with metadata (the guide's first examples)", () => {
    const record = (partitionKey: string, data: Record<string, unknown>) => ({ partitionKey, data });
    it("matches a partition key and a data field", () => {
      const pattern = { partitionKey: ["1"], data: { Location: ["Los Angeles"] } };
      assert.equal(matches(pattern, record("1", { Location: "Los Angeles" })), true);
      assert.equal(matches(pattern, record("2", { Location: "Los Angeles" })), false);
    });
    it("matches a temperature above 50 and at most 60", () => {
      const pattern = { data: { Temperature: [{ numeric: [">", 50, "<=", 60] }] } };
      assert.deepEqual(
        [50, 50.5, 60, 61].map((t) => matches(pattern, record("1", { Temperature: t }))),
        [false, true, true, false],
      );
    });
    it("matches the console example { a: [1, 2] }", () => {
      assert.deepEqual(
        [1, 2, 3].map((a) => matches({ a: [1, 2] }, { a })),
        [true, true, false],
      );
    });
  });
});

/**
 * Numbers as DynamoDB keeps them: exact decimals of up to 38 significant digits between 1E-130 and
 * 9.99…E+125, normalised on write (sign, zeros and exponent), compared by value everywhere.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetItemCommand, PutItemCommand, QueryCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { makeTable, N, S, validationError } from "./support.ts";

describe("numbers", () => {
  let t: TestEngine;
  let table: string;
  let numberKeyed: string;

  const stored = async (written: string): Promise<string> => {
    await t.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: S(written), n: N(written) } }));
    const { Item } = await t.dynamodb.send(new GetItemCommand({ TableName: table, Key: { pk: S(written) } }));
    return Item!.n!.N!;
  };

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb);
    numberKeyed = await makeTable(t.dynamodb, { hash: ["pk", "N"], range: ["sk", "N"] });
  });
  after(() => t.stop());

  it("normalises what it stores", async () => {
    const cases: Array<[string, string]> = [
      ["+1", "1"],
      ["-0", "0"],
      ["0.000", "0"],
      ["1.50", "1.5"],
      ["00012", "12"],
      [".5", "0.5"],
      ["-.25", "-0.25"],
      ["1e2", "100"],
      ["1.5E+3", "1500"],
      ["12E-4", "0.0012"],
      ["123456789012345678901234567890123456780000", "123456789012345678901234567890123456780000"],
    ];
    for (const [written, expected] of cases) assert.equal(await stored(written), expected, written);
  });

  it("keeps 38 significant digits and the extremes of the range", async () => {
    assert.equal(
      await stored("1234567890.1234567890123456789012345678"),
      "1234567890.1234567890123456789012345678",
    );
    assert.equal(
      await stored("-9.9999999999999999999999999999999999999E+125"),
      `-99999999999999999999999999999999999999${"0".repeat(88)}`,
    );
    assert.equal(await stored("1E-130"), `0.${"0".repeat(129)}1`);
  });

  it("rejects numbers DynamoDB cannot hold", async () => {
    const cases: Array<[string, string]> = [
      ["1".repeat(39), "Attempting to store more than 38 significant digits in a Number"],
      ["1E+126", "Number overflow. Attempting to store a number with magnitude larger than supported range"],
      [
        "1E-131",
        "Number underflow. Attempting to store a number with magnitude smaller than supported range",
      ],
      ["abc", "The parameter cannot be converted to a numeric value: abc"],
      ["1 000", "The parameter cannot be converted to a numeric value: 1 000"],
      ["NaN", "The parameter cannot be converted to a numeric value: NaN"],
      ["", "The parameter cannot be converted to a numeric value"],
    ];
    for (const [written, message] of cases) {
      await validationError(
        t.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: S("bad"), n: N(written) } })),
        message,
      );
    }
  });

  it("treats equal numbers as the same key", async () => {
    await t.dynamodb.send(
      new PutItemCommand({ TableName: numberKeyed, Item: { pk: N("1.0"), sk: N("2"), v: S("a") } }),
    );
    await t.dynamodb.send(
      new PutItemCommand({ TableName: numberKeyed, Item: { pk: N("1"), sk: N("2.00"), v: S("b") } }),
    );

    const { Items } = await t.dynamodb.send(new ScanCommand({ TableName: numberKeyed }));

    assert.deepEqual(Items, [{ pk: N(1), sk: N(2), v: S("b") }]);
  });

  it("compares numbers by value in conditions and filters, not as text", async () => {
    for (const [sk, value] of [
      ["1", "9"],
      ["2", "10"],
      ["3", "-1E+2"],
      ["4", "0.5"],
    ]) {
      await t.dynamodb.send(
        new PutItemCommand({ TableName: numberKeyed, Item: { pk: N(7), sk: N(sk!), v: N(value!) } }),
      );
    }

    const { Items } = await t.dynamodb.send(
      new QueryCommand({
        TableName: numberKeyed,
        KeyConditionExpression: "pk = :p",
        FilterExpression: "v BETWEEN :lo AND :hi",
        ExpressionAttributeValues: { ":p": N(7), ":lo": N("0.50"), ":hi": N("9.5") },
      }),
    );

    assert.deepEqual(
      Items!.map((item) => item.v!.N),
      ["9", "0.5"],
    );
  });

  it("normalises number sets and finds duplicates by value", async () => {
    await t.dynamodb.send(
      new PutItemCommand({ TableName: table, Item: { pk: S("set"), ns: { NS: ["1.50", "2E1", "-0.0"] } } }),
    );
    const { Item } = await t.dynamodb.send(new GetItemCommand({ TableName: table, Key: { pk: S("set") } }));

    assert.deepEqual(Item!.ns, { NS: ["1.5", "20", "0"] });
    await validationError(
      t.dynamodb.send(
        new PutItemCommand({ TableName: table, Item: { pk: S("dup"), ns: { NS: ["1", "1.0"] } } }),
      ),
      "Input collection contains duplicates",
    );
  });
});

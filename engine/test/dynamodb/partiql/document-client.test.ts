import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  BatchExecuteStatementCommand,
  DynamoDBDocumentClient,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
} from "@aws-sdk/lib-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { compositeTable } from "./support.ts";

describe("PartiQL through the DocumentClient", () => {
  let t: TestEngine;
  let doc: DynamoDBDocumentClient;
  let table: string;
  before(async () => {
    t = await startTestEngine();
    doc = DynamoDBDocumentClient.from(t.dynamodb);
    table = await compositeTable(t.dynamodb);
  });
  after(() => t.stop());

  it("writes and reads native values through ? parameters", async () => {
    await doc.send(
      new ExecuteStatementCommand({
        Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'tags': ?, 'doc': ?}`,
        Parameters: ["order-1", 1, new Set(["a", "b"]), { total: 12.5, lines: [{ sku: "x" }] }],
      }),
    );

    const { Items } = await doc.send(
      new ExecuteStatementCommand({
        Statement: `SELECT * FROM "${table}" WHERE pk = ?`,
        Parameters: ["order-1"],
      }),
    );

    assert.deepEqual(Items, [
      { pk: "order-1", sk: 1, tags: new Set(["a", "b"]), doc: { total: 12.5, lines: [{ sku: "x" }] } },
    ]);
  });

  it("pages with NextToken and unmarshalls LastEvaluatedKey", async () => {
    for (const sk of [2, 3]) {
      await doc.send(
        new ExecuteStatementCommand({
          Statement: `INSERT INTO "${table}" VALUE {'pk': 'page', 'sk': ${sk}}`,
        }),
      );
    }

    const first = await doc.send(
      new ExecuteStatementCommand({ Statement: `SELECT sk FROM "${table}" WHERE pk = 'page'`, Limit: 1 }),
    );

    assert.deepEqual(first.Items, [{ sk: 2 }]);
    assert.deepEqual(first.LastEvaluatedKey, { pk: "page", sk: 2 });
    const rest = await doc.send(
      new ExecuteStatementCommand({
        Statement: `SELECT sk FROM "${table}" WHERE pk = 'page'`,
        NextToken: first.NextToken,
      }),
    );
    assert.deepEqual(rest.Items, [{ sk: 3 }]);
  });

  it("runs a batch and a transaction with native parameters", async () => {
    await doc.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'n': ?}`, Parameters: ["tx", 1, 10] },
          { Statement: `UPDATE "${table}" SET n = ? WHERE pk = ? AND sk = ?`, Parameters: [5, "order-1", 1] },
        ],
      }),
    );

    const { Responses } = await doc.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `SELECT n FROM "${table}" WHERE pk = ? AND sk = ?`, Parameters: ["tx", 1] },
          { Statement: `SELECT n FROM "${table}" WHERE pk = ? AND sk = ?`, Parameters: ["order-1", 1] },
        ],
      }),
    );

    assert.deepEqual(
      Responses?.map((r) => r.Item),
      [{ n: 10 }, { n: 5 }],
    );
  });
});

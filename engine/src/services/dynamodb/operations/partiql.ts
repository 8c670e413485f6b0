/** ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: PartiQL over the item store. */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { batchExecuteStatement } from "../partiql/batch.ts";
import { executeStatement } from "../partiql/statement.ts";
import { executeTransaction } from "../partiql/transaction.ts";
import type { DataPlane } from "./context.ts";
import type { TransactionTokens } from "./transactions.ts";

type Handler = (input: never, context: RequestContext) => unknown;

export function partiqlOperations(plane: DataPlane, tokens: TransactionTokens): Record<string, Handler> {
  return {
    ExecuteStatement: (input: Ddb.ExecuteStatementInput, ctx) => executeStatement(plane, input, ctx),
    BatchExecuteStatement: (input: Ddb.BatchExecuteStatementInput, ctx) => batchExecuteStatement(plane, input, ctx),
    ExecuteTransaction: (input: Ddb.ExecuteTransactionInput, ctx) => executeTransaction(plane, tokens, input, ctx),
  };
}

/**
 * ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: PartiQL over the item store
 * (the language in partiql/, each statement run as the item operation it amounts to).
 *
 * LIMITATIONS
 * - Syntax errors carry the parser detail AWS gives for the recorded cases ("Unexpected term",
 *   "Unexpected keyword", "Unexpected token after expression", …); rarer malformed statements may
 *   get another detail. The reserved words are SQL-92's and PartiQL's; AWS's exact set is unknown.
 * - A selected path ending in a list index is named `_<position>` in the result (unverified).
 * - NextToken does not expire. `?` parameters beyond those the statement uses are ignored.
 * - DATE/TIME literals, backtick Ion literals, aggregates and joins are refused as AWS refuses
 *   them, though not always with its words.
 */
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
    BatchExecuteStatement: (input: Ddb.BatchExecuteStatementInput, ctx) =>
      batchExecuteStatement(plane, input, ctx),
    ExecuteTransaction: (input: Ddb.ExecuteTransactionInput, ctx) =>
      executeTransaction(plane, tokens, input, ctx),
  };
}

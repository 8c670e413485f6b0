/**
 * The expression language as the data plane uses it: one place that adapts the expressions
 * module (parsing, evaluation, legacy parameters) to the operations.
 */
export {
  applyUpdate,
  ExpressionUsage,
  evaluateCondition,
  parseCondition,
  parseKeyCondition,
  parseProjection,
  parseUpdate,
  project,
} from "./expressions/index.ts";

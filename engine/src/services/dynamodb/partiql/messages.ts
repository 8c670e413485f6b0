/**
 * DynamoDB's PartiQL error texts. AWS wraps its PartiQL parser's own message after
 * "Statement wasn't well formed, can't be processed: " (empty for a lexer error); the other texts
 * are its statement translator's (DynamoDB Local's ValidationExceptionMessages, which real AWS
 * answers with too, as recorded by the dynamodb-conformance suites against eu-west-2).
 */
import { DynamoDbError, ValidationException } from "../errors.ts";

const NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: ";

/** A syntax error: the envelope and the parser's detail (empty for a token the lexer rejects). */
export const malformed = (detail = ""): ValidationException =>
  new ValidationException(`${NOT_WELL_FORMED}${detail}`);

/** Where a token sits, as AWS prints it in translator messages: "line:column:length". */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export const at = (message: string, position: Position): ValidationException =>
  new ValidationException(`${message} at ${position.line}:${position.column}:${position.length}`);

export const MESSAGES = {
  incompleteKey: "Where clause does not contain a mandatory equality on all key attributes",
  parameterCount: "Number of parameters in request and statement don't match.",
  duplicateItem: "Duplicate primary key exists in table",
  aliasing: "Aliasing is not supported",
  emptyPathComponent: "Path component cannot be an empty string",
  tooManyFromComponents: "A path may contain at most 2 components in the FROM clause",
  noSuchIndex: "The table does not have the specified index",
  consistentReadOnGsi: "Strongly consistent read is not supported on Global Secondary Indexes",
  operationOnIndex: "This operation is not supported on an index",
  existsOutsideTransaction: "EXISTS can only be used in ExecuteTransaction write requests.",
  insertStruct:
    "Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.",
  insertMultiple:
    'Unsupported operation: Inserting multiple items in a single statement is not supported, use "INSERT INTO tableName VALUE item" instead',
  insertReturning: "RETURNING is not supported in INSERT",
  emptyBag: "Empty bags are not supported",
  mixedBag: "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags",
  missingLiteral: "MISSING must be compared using IS operator",
  booleanWhere: "WHERE clause must contain an expression that resolves to a boolean",
  orderByWithoutWhere: "Must have WHERE clause in the statement when using ORDER BY clause.",
  orderByWithoutHashKey:
    "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.",
  overlappingRangeConditions: "Overlapping conditions with range keys are not supported in where clause",
  tooManyReads: "Too many decomposed read operations for a given query.",
  invalidNextToken: "Invalid NextToken",
  nextTokenMismatch: "NextToken does not match request",
  inOperator:
    "IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member",
  pathStartsWithIndex: "A path cannot start with a list index",
  // Multi-statement operations.
  batchMixed: "Read and write requests together in the same batch is not supported.",
  batchSelectKey:
    "Select statements within BatchExecuteStatement must specify the primary key in the where clause.",
  transactionMixed:
    "ExecuteTransaction API does not support both read and write operations in the same request.",
  transactionSelectKey:
    "Select statements within ExecuteTransaction must specify the primary key in the where clause.",
  transactionIndexRead: "Reads on indices are not supported within transactions.",
  transactionReturning: "RETURNING clause is not supported in ExecuteTransaction.",
  transactionExists: "EXISTS() must contain a single item read with additional condition",
  transactionUnsupported: "Unsupported operation in transaction.",
} as const;

export const unsupportedOperation = (what: string) =>
  new ValidationException(`Unsupported operation: ${what}`);
export const unsupportedClause = (what: string) => new ValidationException(`Unsupported clause: ${what}`);
export const keyAbsent = (name: string) =>
  new ValidationException(`Key attribute should be present in the item: Key ${name}`);
export const keyTypeMismatch = (name: string) =>
  new ValidationException(
    `Key attribute's data type should match its data type in table's schema: Key ${name}`,
  );
export const multipleKeyConditions = (name: string) =>
  new ValidationException(
    `Multiple conditions on same key ${name}. Only single item Update/Insert/Delete are supported`,
  );
export const invalidReturningForDelete = (clause: string) =>
  new ValidationException(
    `Invalid returning clause: RETURNING ${clause}. Only RETURNING ALL OLD * is allowed in DELETE statements.`,
  );

/** INSERT of a key that exists (PartiQL INSERT is not an upsert). */
export class DuplicateItemException extends DynamoDbError {
  constructor() {
    super("DuplicateItemException", MESSAGES.duplicateItem);
  }
}

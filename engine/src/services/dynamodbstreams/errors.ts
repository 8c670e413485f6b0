/**
 * DynamoDB Streams errors (namespace com.amazonaws.dynamodb.v20120810, as DynamoDB's). Streams
 * shares ResourceNotFoundException, LimitExceededException and ValidationException with DynamoDB.
 */
import { DynamoDbError, ResourceNotFoundException } from "../dynamodb/errors.ts";

export class ExpiredIteratorException extends DynamoDbError {
  constructor() {
    // Unverified wording; the model documents "The provided iterator exceeds the maximum age allowed."
    super("ExpiredIteratorException", "Iterator expired. The iterator was created more than 15 minutes ago.");
  }
}

export class TrimmedDataAccessException extends DynamoDbError {
  constructor() {
    super(
      "TrimmedDataAccessException",
      "The operation attempted to read past the oldest stream record in a shard.",
    );
  }
}

export const streamNotFound = (arn: string): ResourceNotFoundException =>
  new ResourceNotFoundException(`Requested resource not found: Stream: ${arn} not found`);

export const shardNotFound = (shardId: string): ResourceNotFoundException =>
  new ResourceNotFoundException(`Requested resource not found: Shard: ${shardId} not found`);

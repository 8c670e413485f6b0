/**
 * Shard iterators. AWS's look like `<stream ARN>|1|<opaque base64>`; ours carry the shard, the
 * next sequence to return and when the iterator was issued (it expires 15 minutes later).
 */

export interface ShardIterator {
  streamArn: string;
  shardId: string;
  /** The next record sequence (internal) to return. */
  next: number;
  /** Epoch ms. */
  issuedAt: number;
}

const VERSION = "1";

export function encodeShardIterator(iterator: ShardIterator): string {
  const { streamArn, ...position } = iterator;
  return `${streamArn}|${VERSION}|${Buffer.from(JSON.stringify(position)).toString("base64url")}`;
}

export function decodeShardIterator(text: string): ShardIterator | undefined {
  const parts = text.split("|");
  if (parts.length !== 3 || parts[1] !== VERSION) return undefined;
  try {
    const position = JSON.parse(
      Buffer.from(parts[2]!, "base64url").toString("utf8"),
    ) as Partial<ShardIterator>;
    if (
      typeof position.shardId === "string" &&
      Number.isSafeInteger(position.next) &&
      Number.isSafeInteger(position.issuedAt)
    ) {
      return {
        streamArn: parts[0]!,
        shardId: position.shardId,
        next: position.next!,
        issuedAt: position.issuedAt!,
      };
    }
  } catch {
    // Not one of ours: the caller answers ValidationException.
  }
  return undefined;
}

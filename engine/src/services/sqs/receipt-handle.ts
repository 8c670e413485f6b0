/**
 * Receipt handles are opaque to clients. Ours encode the queue, the message's position and a
 * token that changes on every receive, so a handle from an earlier receive is recognisably stale
 * (AWS: deleting with it "succeeds, but the message might not be deleted").
 */
export interface ReceiptHandle {
  queueKey: string;
  seq: number;
  token: string;
}

const FORMAT = /^([0-9]{12}\/[a-z0-9-]+\/[A-Za-z0-9_.-]+) ([0-9]{1,16}) ([A-Za-z0-9_-]{22})$/;

export function encodeReceiptHandle(handle: ReceiptHandle): string {
  return Buffer.from(`${handle.queueKey} ${handle.seq} ${handle.token}`, "utf8").toString("base64");
}

export function decodeReceiptHandle(text: string): ReceiptHandle | undefined {
  if (text.length === 0 || text.length > 1024 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const match = FORMAT.exec(Buffer.from(text, "base64").toString("utf8"));
  if (!match) return undefined;
  return { queueKey: match[1]!, seq: Number(match[2]), token: match[3]! };
}

export const queueKeyOf = (queue: { accountId: string; region: string; name: string }): string =>
  `${queue.accountId}/${queue.region}/${queue.name}`;

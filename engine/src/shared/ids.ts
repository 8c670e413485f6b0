import { randomBytes, randomUUID } from "node:crypto";

export const newRequestId = (): string => randomUUID();
export const newMessageId = (): string => randomUUID();

/**
 * Tokens are cut from a pool refilled 4 KiB at a time: a system call per token (one per message
 * received) cost ten times the token itself. randomUUID keeps a cache of its own for the same reason.
 */
const TOKEN_POOL_BYTES = 4096;
let tokenPool = Buffer.alloc(0);
let tokenPoolOffset = 0;

export function randomToken(bytes = 16): string {
  if (tokenPoolOffset + bytes > tokenPool.length) {
    tokenPool = randomBytes(Math.max(TOKEN_POOL_BYTES, bytes));
    tokenPoolOffset = 0;
  }
  const token = tokenPool.toString("base64url", tokenPoolOffset, tokenPoolOffset + bytes);
  tokenPoolOffset += bytes;
  return token;
}

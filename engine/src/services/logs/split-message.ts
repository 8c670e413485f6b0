/**
 * Cuts a message into pieces of at most `maxBytes` UTF-8 bytes, never inside a character, as
 * Lambda does with a printed line longer than a log event may be.
 */
export function splitMessage(message: string, maxBytes: number): string[] {
  // Every UTF-16 code unit encodes to at most 3 bytes, so short strings need no measuring.
  if (message.length * 3 <= maxBytes) return [message];
  const bytes = Buffer.from(message, "utf8");
  if (bytes.length <= maxBytes) return [message];
  const pieces: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + maxBytes, bytes.length);
    // Back off continuation bytes (10xxxxxx) so the cut falls between characters.
    if (end < bytes.length) while (end > start && (bytes[end]! & 0xc0) === 0x80) end--;
    pieces.push(bytes.toString("utf8", start, end));
    start = end;
  }
  return pieces;
}

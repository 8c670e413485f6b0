/**
 * Reads the frames a Python runtime writes on its telemetry log descriptor, the framing Lambda's
 * runtimes use for it: a 4-byte type, a 4-byte length, an 8-byte timestamp (microseconds) and the
 * message, big-endian. Log frames carry one event each; a mark frame carries nothing and tells
 * that everything written before the runtime's next Runtime API request has arrived.
 */
const HEADER_BYTES = 16;
/** AWS: log frames are 0xa55a0003, with level bits in the low byte when a log level is set. */
const LOG_FRAME_PREFIX = 0xa55a0000;
export const OUTPUT_MARK_FRAME_TYPE = 0xa55aff00;

export interface FrameHandlers {
  log(message: string): void;
  mark(): void;
}

export function frameReader(handlers: FrameHandlers): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    let offset = 0;
    while (buffered.length - offset >= HEADER_BYTES) {
      const type = buffered.readUInt32BE(offset);
      const length = buffered.readUInt32BE(offset + 4);
      if (buffered.length - offset < HEADER_BYTES + length) break;
      const start = offset + HEADER_BYTES;
      offset = start + length;
      if (type === OUTPUT_MARK_FRAME_TYPE) handlers.mark();
      else if ((type & 0xffff0000) >>> 0 === LOG_FRAME_PREFIX) {
        handlers.log(buffered.toString("utf8", start, start + length));
      }
    }
    buffered = offset === buffered.length ? Buffer.alloc(0) : buffered.subarray(offset);
  };
}

/** Splits a byte stream (a runtime's raw stdout or stderr) into lines, one log event each. */
export function lineReader(log: (line: string) => void): { push(chunk: string): void; end(): void } {
  let partial = "";
  return {
    push(chunk) {
      partial += chunk;
      for (let end = partial.indexOf("\n"); end >= 0; end = partial.indexOf("\n")) {
        log(partial.slice(0, end + 1));
        partial = partial.slice(end + 1);
      }
    },
    end() {
      if (partial) log(partial);
      partial = "";
    },
  };
}

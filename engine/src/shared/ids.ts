import { randomBytes, randomUUID } from "node:crypto";

export const newRequestId = (): string => randomUUID();
export const newMessageId = (): string => randomUUID();
export const randomToken = (bytes = 16): string => randomBytes(bytes).toString("base64url");

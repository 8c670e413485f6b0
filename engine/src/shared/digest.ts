import { createHash } from "node:crypto";

export const md5Hex = (data: string | Buffer): string => createHash("md5").update(data).digest("hex");
export const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/**
 * Message attributes: validation (SQS Developer Guide, "Amazon SQS message attributes") and the
 * MD5OfMessageAttributes digest the SDKs verify:
 *   for each attribute sorted by name: len(name) name len(type) type transport(1=String/Number,
 *   2=Binary) len(value) value — lengths 4-byte big-endian, strings UTF-8.
 */
import { createHash } from "node:crypto";
import { MAX_ATTRIBUTE_NAME_LENGTH, MAX_DATA_TYPE_LENGTH, MAX_MESSAGE_ATTRIBUTES } from "./constants.ts";
import { InvalidParameterValue, UnsupportedOperation } from "./errors.ts";

/** A message attribute as stored, and as answered on the wire: binary values are base64 text. */
export interface StoredAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export type StoredAttributes = Record<string, StoredAttribute>;

export interface WireAttribute {
  DataType?: string;
  StringValue?: string;
  BinaryValue?: Buffer;
  StringListValues?: string[];
  BinaryListValues?: Buffer[];
}

const NAME_CHARS = /^[A-Za-z0-9_\-.]+$/;
const DATA_TYPE = /^(String|Number|Binary)(\.[^\s]+)?$/;
/** AWS: numbers carry up to 38 significant digits, magnitude 10^-128 to 10^+126. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function validateAttributeName(name: string): void {
  if (name.length === 0)
    throw new InvalidParameterValue("The request must contain non-empty message (user) attribute names.");
  if (Buffer.byteLength(name) > MAX_ATTRIBUTE_NAME_LENGTH) {
    throw new InvalidParameterValue("Message (user) attribute name must be shorter than 256 bytes.");
  }
  const lower = name.toLowerCase();
  if (lower.startsWith("aws.") || lower.startsWith("amazon.")) {
    throw new InvalidParameterValue(
      "You can't use message attribute names beginning with 'AWS.' or 'Amazon'. These strings are reserved for internal use.",
    );
  }
  if (!NAME_CHARS.test(name) || name.startsWith(".") || name.endsWith(".") || name.includes("..")) {
    throw new InvalidParameterValue(
      `The message attribute name '${name}' is invalid. Attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters.`,
    );
  }
}

function isValidNumber(text: string): boolean {
  if (!NUMBER.test(text.trim())) return false;
  const digits = text
    .replace(/[eE].*$/, "")
    .replace(/[^0-9]/g, "")
    .replace(/^0+/, "")
    .replace(/0+$/, "");
  if (digits.length > 38) return false;
  const value = Number(text);
  return value === 0 || (Math.abs(value) >= 1e-128 && Math.abs(value) <= 1e126);
}

function readAttribute(name: string, attr: WireAttribute): StoredAttribute {
  if (attr.StringListValues?.length || attr.BinaryListValues?.length) {
    throw new UnsupportedOperation(
      "Message attribute list values in SendMessage operation are not supported.",
    );
  }
  const dataType = attr.DataType;
  const hasValue = attr.StringValue !== undefined || attr.BinaryValue !== undefined;
  if (!hasValue) {
    throw new InvalidParameterValue(
      `The message (user) attribute '${name}' must contain a non-empty message attribute value.`,
    );
  }
  if (!dataType) {
    throw new InvalidParameterValue(
      `The message (user) attribute '${name}' must contain a non-empty message attribute type.`,
    );
  }
  if (Buffer.byteLength(dataType) > MAX_DATA_TYPE_LENGTH) {
    throw new InvalidParameterValue("Message (user) attribute type must be shorter than 256 bytes.");
  }
  if (!DATA_TYPE.test(dataType)) {
    throw new InvalidParameterValue(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  const base = dataType.split(".", 1)[0]!;
  if (base === "Binary") {
    if (attr.BinaryValue === undefined || attr.BinaryValue.length === 0) {
      throw new InvalidParameterValue(
        `Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`,
      );
    }
    return { DataType: dataType, BinaryValue: attr.BinaryValue.toString("base64") };
  }
  const value = attr.StringValue;
  if (value === undefined || value.length === 0) {
    throw new InvalidParameterValue(
      `Message (user) attribute '${name}' must contain a non-empty value of type '${base}'.`,
    );
  }
  if (base === "Number" && !isValidNumber(value)) {
    throw new InvalidParameterValue(
      `Can't cast the value of message (user) attribute '${name}' to a number.`,
    );
  }
  return { DataType: dataType, StringValue: value };
}

/**
 * A record without a prototype: attribute names are the client's, and "__proto__" is as valid a
 * name to SQS as any other.
 */
const emptyRecord = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** Validates wire message attributes and returns them in stored form. */
export function readMessageAttributes(
  input: Record<string, WireAttribute> | undefined,
): StoredAttributes | undefined {
  if (!input) return undefined;
  const names = Object.keys(input);
  if (names.length === 0) return undefined;
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw new InvalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`,
    );
  }
  const out: StoredAttributes = emptyRecord();
  for (const name of names) {
    validateAttributeName(name);
    out[name] = readAttribute(name, input[name] ?? {});
  }
  return out;
}

/** AWS: the only message system attribute a sender may set is AWSTraceHeader, a String. */
export function readSystemAttributes(
  input: Record<string, WireAttribute> | undefined,
): StoredAttributes | undefined {
  if (!input) return undefined;
  const out: StoredAttributes = {};
  for (const [name, attr] of Object.entries(input)) {
    if (name !== "AWSTraceHeader")
      throw new InvalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    if (attr.DataType !== "String" || !attr.StringValue) {
      throw new InvalidParameterValue(
        `Message system attribute '${name}' must contain a non-empty value of type 'String'.`,
      );
    }
    out[name] = { DataType: "String", StringValue: attr.StringValue };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Bytes an attribute counts toward the message size: name, type and value. */
export function attributesSize(attributes: StoredAttributes | undefined): number {
  if (!attributes) return 0;
  let size = 0;
  for (const [name, attr] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attr.DataType);
    size +=
      attr.BinaryValue !== undefined
        ? Buffer.from(attr.BinaryValue, "base64").length
        : Buffer.byteLength(attr.StringValue ?? "");
  }
  return size;
}

function lengthPrefixed(hash: ReturnType<typeof createHash>, bytes: Buffer): void {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  hash.update(length);
  hash.update(bytes);
}

export function md5OfAttributes(attributes: StoredAttributes | undefined): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) return undefined;
  const hash = createHash("md5");
  for (const name of names) {
    const attr = attributes[name]!;
    lengthPrefixed(hash, Buffer.from(name, "utf8"));
    lengthPrefixed(hash, Buffer.from(attr.DataType, "utf8"));
    if (attr.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(hash, Buffer.from(attr.BinaryValue, "base64"));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(hash, Buffer.from(attr.StringValue ?? "", "utf8"));
    }
  }
  return hash.digest("hex");
}

/** Applies ReceiveMessage's MessageAttributeNames selection: "All", ".*", "prefix.*" or exact names. */
export function selectAttributes(
  attributes: StoredAttributes | undefined,
  names: readonly string[],
): StoredAttributes | undefined {
  if (!attributes || names.length === 0) return undefined;
  const out: StoredAttributes = emptyRecord();
  for (const [name, attr] of Object.entries(attributes)) {
    const wanted = names.some(
      (n) => n === "All" || n === ".*" || n === name || (n.endsWith(".*") && name.startsWith(n.slice(0, -1))),
    );
    if (wanted) out[name] = attr;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

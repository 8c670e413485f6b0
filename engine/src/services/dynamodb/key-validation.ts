/**
 * Keys and items checked against a table's schema, with DynamoDB's messages
 * (ValidationException; texts as DynamoDB returns them, including its own typos and spacing).
 */
import { MAX_ITEM_SIZE_BYTES, MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from "./constants.ts";
import { ValidationException } from "./errors.ts";
import type { IndexDefinition, KeySchema, ScalarType, Table } from "./table-definition.ts";
import { allIndexes } from "./table-definition.ts";
import { type AttributeValue, type Item, itemSize, typeOf } from "./values/index.ts";

export const KEY_SCHEMA_MISMATCH = "The provided key element does not match the schema";

/**
 * An empty S or B value where a table or index key needs one. AWS refuses it as the request's
 * fault even inside a transaction (never as a cancellation reason).
 */
export class EmptyKeyValueException extends ValidationException {}

/** How an item reached the write: a whole item (PutItem, batch, transaction Put) or an update. */
export type WriteSource = "item" | "update";

function keyBytes(value: AttributeValue): number {
  if ("S" in value) return Buffer.byteLength(value.S as string);
  if ("B" in value) return (value.B as Buffer).length;
  return itemSize({ "": value });
}

/** "string" or "binary" when the value is an empty S or B, which no key may hold. */
function emptyKind(value: AttributeValue): "string" | "binary" | undefined {
  if ("S" in value && value.S === "") return "string";
  if ("B" in value && (value.B as Buffer).length === 0) return "binary";
  return undefined;
}

function checkKeySize(value: AttributeValue, range: boolean): void {
  if (range && keyBytes(value) > MAX_SORT_KEY_BYTES) {
    throw new ValidationException(
      `One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of ${MAX_SORT_KEY_BYTES} bytes`,
    );
  }
  // AWS: no space before the number in this one.
  if (!range && keyBytes(value) > MAX_PARTITION_KEY_BYTES) {
    throw new ValidationException(
      `One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of${MAX_PARTITION_KEY_BYTES} bytes`,
    );
  }
}

function checkNotEmpty(name: string, value: AttributeValue): void {
  const kind = emptyKind(value);
  if (kind) {
    throw new EmptyKeyValueException(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${name}`,
    );
  }
}

const keyNames = (schema: KeySchema): string[] =>
  schema.rangeKey ? [schema.hashKey, schema.rangeKey] : [schema.hashKey];

/**
 * AWS: an empty S or B key value is refused before anything about the table is looked at (a
 * transaction reports it as a ValidationException, not as a cancellation reason).
 */
export function checkKeyValuesNotEmpty(table: Table, item: Item): void {
  for (const name of keyNames(table.definition.key)) {
    const value = item[name];
    if (value) checkNotEmpty(name, value);
  }
}

/** A Key parameter (GetItem, DeleteItem, UpdateItem, …) must be exactly the table's key. */
export function checkKey(table: Table, key: Item): void {
  const schema = table.definition.key;
  const names = Object.keys(key);
  const expected = keyNames(schema);
  const mismatch =
    names.length !== expected.length ||
    expected.some((name) => {
      const value = key[name];
      return !value || typeOf(value) !== table.definition.attributeDefinitions[name];
    });
  if (mismatch) throw new ValidationException(KEY_SCHEMA_MISMATCH);
  checkKeyValuesNotEmpty(table, key);
  checkKeySize(key[schema.hashKey]!, false);
  if (schema.rangeKey) checkKeySize(key[schema.rangeKey]!, true);
}

/**
 * The table's key attributes of an item to be written. PutItem words a wrong type as "Type
 * mismatch for key"; BatchWriteItem reports any wrong key as not matching the schema.
 */
export function checkItemKeys(table: Table, item: Item, wording: "put" | "batch" = "put"): void {
  const def = table.definition;
  keyNames(def.key).forEach((name, i) => {
    const value = item[name];
    if (!value) {
      throw new ValidationException(
        `One or more parameter values were invalid: Missing the key ${name} in the item`,
      );
    }
    const expected = def.attributeDefinitions[name]!;
    const actual = typeOf(value);
    if (actual !== expected) {
      throw new ValidationException(
        wording === "batch"
          ? KEY_SCHEMA_MISMATCH
          : `One or more parameter values were invalid: Type mismatch for key ${name} expected: ${expected} actual: ${actual}`,
      );
    }
    checkNotEmpty(name, value);
    checkKeySize(value, i === 1);
  });
}

/**
 * Index key attributes an item carries must have their declared type and may not be empty; an
 * item without them is simply not in that index (a sparse index). AWS names the alphabetically
 * first index keyed on the offending attribute.
 */
export function checkIndexKeys(table: Table, item: Item, source: WriteSource = "item"): void {
  const def = table.definition;
  const indexes = [...allIndexes(def)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const tableKeys = new Set(keyNames(def.key));
  for (const index of indexes) {
    for (const name of keyNames(index.key)) {
      if (tableKeys.has(name)) continue;
      const value = item[name];
      if (value) checkIndexKeyValue(index, name, def.attributeDefinitions[name]!, value, source);
    }
  }
}

function checkIndexKeyValue(
  index: IndexDefinition,
  name: string,
  expected: ScalarType,
  value: AttributeValue,
  source: WriteSource,
): void {
  const actual = typeOf(value);
  if (actual !== expected) {
    throw new ValidationException(
      `One or more parameter values were invalid: Type mismatch for Index Key ${name} Expected: ${expected} Actual: ${actual} IndexName: ${index.name}`,
    );
  }
  const kind = emptyKind(value);
  if (!kind) return;
  // AWS words it differently when an update expression produced the value.
  if (source === "update") {
    throw new EmptyKeyValueException(
      `One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value.`,
    );
  }
  throw new EmptyKeyValueException(
    `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${kind} value. IndexName: ${index.name}, IndexKey: ${name}`,
  );
}

/** AWS: 400 KB, by DynamoDB's size rules (attribute names plus values); worded apart for updates. */
export function checkItemSize(item: Item, source: WriteSource = "item"): void {
  if (itemSize(item) <= MAX_ITEM_SIZE_BYTES) return;
  throw new ValidationException(
    source === "update"
      ? "Item size to update has exceeded the maximum allowed size"
      : "Item size has exceeded the maximum allowed size",
  );
}

/** A whole item to be written: table keys present and typed, index keys typed, size within 400 KB. */
export function checkItem(table: Table, item: Item, wording: "put" | "batch" = "put"): void {
  checkItemKeys(table, item, wording);
  checkIndexKeys(table, item);
  checkItemSize(item);
}

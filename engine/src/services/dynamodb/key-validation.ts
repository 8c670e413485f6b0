/**
 * Keys and items checked against a table's schema, with DynamoDB's messages
 * (ValidationException; texts as DynamoDB returns them, including its own typos).
 */
import { MAX_ITEM_SIZE_BYTES, MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from "./constants.ts";
import { ValidationException } from "./errors.ts";
import type { KeySchema, ScalarType, Table } from "./table-definition.ts";
import { allIndexes } from "./table-definition.ts";
import { type AttributeValue, type Item, itemSize, typeOf } from "./values/index.ts";

function keyBytes(value: AttributeValue): number {
  if ("S" in value) return Buffer.byteLength(value.S as string);
  if ("B" in value) return (value.B as Buffer).length;
  return itemSize({ "": value });
}

function checkKeySize(name: string, value: AttributeValue, range: boolean): void {
  if (range && keyBytes(value) > MAX_SORT_KEY_BYTES) {
    throw new ValidationException(
      "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
    );
  }
  if (!range && keyBytes(value) > MAX_PARTITION_KEY_BYTES) {
    throw new ValidationException(
      "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
    );
  }
  if (("S" in value && value.S === "") || ("B" in value && (value.B as Buffer).length === 0)) {
    throw new ValidationException(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${"S" in value ? "string" : "binary"} value. Key: ${name}`,
    );
  }
}

/** A Key parameter (GetItem, DeleteItem, UpdateItem, …) must be exactly the table's key. */
export function checkKey(table: Table, key: Item): void {
  const schema = table.definition.key;
  const names = Object.keys(key);
  const expected = schema.rangeKey ? [schema.hashKey, schema.rangeKey] : [schema.hashKey];
  const mismatch =
    names.length !== expected.length ||
    expected.some((name) => {
      const value = key[name];
      return !value || typeOf(value) !== table.definition.attributeDefinitions[name];
    });
  if (mismatch) throw new ValidationException("The provided key element does not match the schema");
  checkKeySize(schema.hashKey, key[schema.hashKey]!, false);
  if (schema.rangeKey) checkKeySize(schema.rangeKey, key[schema.rangeKey]!, true);
}

function checkKeyAttribute(
  name: string,
  expected: ScalarType,
  item: Item,
  range: boolean,
  indexName?: string,
): void {
  const value = item[name];
  if (!value) {
    if (indexName) return; // sparse index: items without the index key are simply not indexed
    throw new ValidationException(
      `One or more parameter values were invalid: Missing the key ${name} in the item`,
    );
  }
  const actual = typeOf(value);
  if (actual !== expected) {
    throw new ValidationException(
      indexName
        ? `One or more parameter values were invalid: Type mismatch for Index Key ${name} Expected: ${expected} Actual: ${actual} IndexName: ${indexName}`
        : `One or more parameter values were invalid: Type mismatch for key ${name} expected: ${expected} actual: ${actual}`,
    );
  }
  checkKeySize(name, value, range);
}

/** A whole item to be written: keys present and typed, index keys typed, size within 400 KB. */
export function checkItem(table: Table, item: Item): void {
  const def = table.definition;
  const check = (schema: KeySchema, indexName?: string) => {
    checkKeyAttribute(schema.hashKey, def.attributeDefinitions[schema.hashKey]!, item, false, indexName);
    if (schema.rangeKey)
      checkKeyAttribute(schema.rangeKey, def.attributeDefinitions[schema.rangeKey]!, item, true, indexName);
  };
  check(def.key);
  for (const index of allIndexes(def)) check(index.key, index.name);
  if (itemSize(item) > MAX_ITEM_SIZE_BYTES)
    throw new ValidationException("Item size has exceeded the maximum allowed size");
}

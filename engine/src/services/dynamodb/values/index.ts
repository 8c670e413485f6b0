/** DynamoDB's attribute value model: types, validation, numbers, order, equality, size, key encoding. */
export { cloneItem, cloneValue } from "./clone.ts";
export { attributeValuesEqual, memberKey } from "./equality.ts";
export { itemSize, MAX_ITEM_SIZE_BYTES, numberSize, valueSize } from "./item-size.ts";
export {
  addNumbers,
  compareNumbers,
  MAX_NUMBER_EXPONENT,
  MAX_NUMBER_SIGNIFICANT_DIGITS,
  MIN_NUMBER_EXPONENT,
  normalizeNumber,
  subtractNumbers,
} from "./number.ts";
export { compareBinary, compareOrdered, compareStrings } from "./ordering.ts";
export { renderAttributeValue } from "./render.ts";
export { encodeSortableKey } from "./sortable-key.ts";
export type { AttributeType, AttributeValue, Item, KeyValue } from "./types.ts";
export { ATTRIBUTE_TYPES, isSetType, typeOf } from "./types.ts";
export type { AttributeValueInput } from "./validate.ts";
export { MAX_NESTING_DEPTH, validateAttributeValue, validateItemAttributes } from "./validate.ts";

/**
 * The write path shared by PutItem, UpdateItem, DeleteItem, BatchWriteItem and
 * TransactWriteItems: condition check, capacity charge (max of before/after size; GSIs by their
 * projected change), the write itself, and the return values.
 */
import { type Charge, emptyCharge, writeUnits } from "../capacity.ts";
import { ConditionalCheckFailedException } from "../errors.ts";
import { encodeItem } from "../item-json.ts";
import { keyAttributes, projectForIndex } from "../items.ts";
import type { Table } from "../table-definition.ts";
import { type AttributeValue, attributeValuesEqual, type Item, itemSize } from "../values/index.ts";
import type { DataPlane } from "./context.ts";

/** Units each index is charged when an item changes from `before` to `after`. */
function indexCharges(
  table: Table,
  before: Item | undefined,
  after: Item | undefined,
  transactional: boolean,
): Pick<Charge, "globalIndexes" | "localIndexes"> {
  const charges: Pick<Charge, "globalIndexes" | "localIndexes"> = { globalIndexes: {}, localIndexes: {} };
  const def = table.definition;
  for (const index of [...def.globalIndexes, ...def.localIndexes]) {
    const inIndex = (item: Item | undefined) =>
      item !== undefined &&
      item[index.key.hashKey] !== undefined &&
      (!index.key.rangeKey || item[index.key.rangeKey] !== undefined);
    const old = inIndex(before) ? projectForIndex(before!, table, index) : undefined;
    const next = inIndex(after) ? projectForIndex(after!, table, index) : undefined;
    let units = 0;
    if (old && next) {
      const keyChanged = !sameAttributes(keyAttributes(old, index.key), keyAttributes(next, index.key));
      // AWS: a changed index key is a delete plus a put; a changed entry costs the larger of its
      // two images, like a table write; an entry the write leaves as it was costs nothing.
      if (keyChanged)
        units = writeUnits(itemSize(old), transactional) + writeUnits(itemSize(next), transactional);
      else if (!sameAttributes(old, next))
        units = writeUnits(Math.max(itemSize(old), itemSize(next)), transactional);
    } else if (old) units = writeUnits(itemSize(old), transactional);
    else if (next) units = writeUnits(itemSize(next), transactional);
    if (units > 0) (index.kind === "GSI" ? charges.globalIndexes : charges.localIndexes)[index.name] = units;
  }
  return charges;
}

function sameAttributes(a: Item, b: Item): boolean {
  const names = Object.keys(a);
  return (
    names.length === Object.keys(b).length &&
    names.every((n) => b[n] !== undefined && attributeValuesEqual(a[n]!, b[n]!))
  );
}

/** AWS: PutItem/UpdateItem charge the larger of the item's size before and after the write. */
export function writeCharge(
  table: Table,
  before: Item | undefined,
  after: Item | undefined,
  transactional = false,
): Charge {
  const size = Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0);
  return {
    ...emptyCharge("write"),
    table: writeUnits(size, transactional),
    ...indexCharges(table, before, after, transactional),
  };
}

export interface WriteOutcome {
  before: Item | undefined;
  after: Item | undefined;
  charge: Charge;
}

/**
 * Performs one write inside the caller's transaction. `compute` receives the current item and
 * returns the next one (undefined deletes). The condition is evaluated on the current item;
 * capacity is consumed whether or not the condition holds, as AWS charges failed writes.
 */
export function performWrite(
  plane: DataPlane,
  table: Table,
  key: Item,
  options: {
    operation: string;
    condition?: (current: Item | undefined) => boolean;
    compute: (current: Item | undefined) => Item | undefined;
    returnOldOnConditionFailure?: boolean;
    transactional?: boolean;
    consume?: boolean;
  },
): WriteOutcome {
  const current = plane.items.get(table, key)?.item;
  const conditionHolds = options.condition ? options.condition(current) : true;
  const after = conditionHolds ? options.compute(current) : current;
  const charge = writeCharge(table, current, conditionHolds ? after : current, options.transactional);
  if (options.consume !== false) plane.capacity.consume(table, charge, options.operation);
  if (!conditionHolds) {
    throw new ConditionalCheckFailedException(
      options.returnOldOnConditionFailure && current ? encodeItem(current) : undefined,
    );
  }
  // `current` was read just above in this transaction; the write need not read it again.
  plane.items.write(table, key, after, { current: { item: current } });
  return { before: current, after, charge };
}

/** Attributes whose top-level value differs between two versions of an item. */
export function changedAttributes(from: Item | undefined, to: Item | undefined): Item {
  const out: Item = {};
  for (const [name, value] of Object.entries(from ?? {})) {
    const other: AttributeValue | undefined = to?.[name];
    if (!other || !attributeValuesEqual(value, other)) out[name] = value;
  }
  return out;
}

/** Deep copies, so an update can build the new item without touching the stored one. */
import type { AttributeValue, Item } from "./types.ts";

export function cloneValue(value: AttributeValue): AttributeValue {
  if ("M" in value) return { M: cloneItem(value.M) };
  if ("L" in value) return { L: value.L.map(cloneValue) };
  if ("SS" in value) return { SS: [...value.SS] };
  if ("NS" in value) return { NS: [...value.NS] };
  if ("BS" in value) return { BS: [...value.BS] };
  return value;
}

export function cloneItem(item: Item): Item {
  const copy: Item = {};
  for (const [name, value] of Object.entries(item)) copy[name] = cloneValue(value);
  return copy;
}

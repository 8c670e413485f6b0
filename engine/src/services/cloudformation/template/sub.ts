/**
 * Fn::Sub strings: `${Name}`, `${Resource.Attribute}` and the literal escape `${!Text}` (which
 * stands for `${Text}`). AWS: intrinsic-function-reference-sub.
 */
export type SubPart = { text: string } | { variable: string };

export function parseSubString(template: string): SubPart[] {
  const parts: SubPart[] = [];
  let rest = template;
  while (rest.length > 0) {
    const start = rest.indexOf("${");
    if (start === -1) break;
    const end = rest.indexOf("}", start + 2);
    if (end === -1) break;
    if (start > 0) parts.push({ text: rest.slice(0, start) });
    const name = rest.slice(start + 2, end);
    parts.push(name.startsWith("!") ? { text: `\${${name.slice(1)}}` } : { variable: name });
    rest = rest.slice(end + 1);
  }
  if (rest.length > 0) parts.push({ text: rest });
  return parts;
}

/** The variables a Fn::Sub string names (escapes excluded). */
export function subVariables(template: string): string[] {
  return parseSubString(template).flatMap((part) => ("variable" in part ? [part.variable] : []));
}

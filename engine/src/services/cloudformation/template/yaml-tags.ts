/**
 * The YAML short forms of the intrinsic functions (`!Ref X`, `!GetAtt A.B`, `!Sub [...]`, …),
 * each turned into its long form (`{ "Fn::GetAtt": ["A", "B"] }`) while the document is read.
 * AWS: intrinsic-function-reference ("YAML short form").
 */
import type { CollectionTag, ScalarTag, YAMLMap, YAMLSeq } from "yaml";

const FUNCTIONS: Record<string, string> = {
  Ref: "Ref",
  Condition: "Condition",
  Sub: "Fn::Sub",
  Join: "Fn::Join",
  Select: "Fn::Select",
  Split: "Fn::Split",
  If: "Fn::If",
  Equals: "Fn::Equals",
  And: "Fn::And",
  Or: "Fn::Or",
  Not: "Fn::Not",
  FindInMap: "Fn::FindInMap",
  ImportValue: "Fn::ImportValue",
  GetAZs: "Fn::GetAZs",
  Base64: "Fn::Base64",
  Cidr: "Fn::Cidr",
  Transform: "Fn::Transform",
};

/** `!GetAtt Res.Attr` names the attribute after the first dot (attributes may contain dots). */
function getAtt(text: string): unknown {
  const dot = text.indexOf(".");
  return { "Fn::GetAtt": dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)] };
}

export function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  for (const [short, long] of Object.entries(FUNCTIONS)) {
    const tag = `!${short}`;
    tags.push({ tag, resolve: (text: string) => ({ [long]: text }) });
    tags.push({
      tag,
      collection: "seq",
      resolve: (seq: YAMLSeq.Parsed) => ({ [long]: seq.toJSON() }),
    } as CollectionTag);
    tags.push({
      tag,
      collection: "map",
      resolve: (map: YAMLMap.Parsed) => ({ [long]: map.toJSON() }),
    } as CollectionTag);
  }
  tags.push({ tag: "!GetAtt", resolve: getAtt });
  tags.push({
    tag: "!GetAtt",
    collection: "seq",
    resolve: (seq: YAMLSeq.Parsed) => ({ "Fn::GetAtt": seq.toJSON() }),
  } as CollectionTag);
  return tags;
}

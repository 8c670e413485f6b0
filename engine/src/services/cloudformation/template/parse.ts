/**
 * Template text → template object. A body that starts with `{` is JSON; anything else is YAML,
 * read with the YAML 1.2 core schema (so `2010-09-09` stays a string) and the short-form tags.
 * An error's line and column are where this parser stops, which may differ from AWS's parser.
 */
import { isMap, parseDocument } from "yaml";
import { ValidationError } from "../errors.ts";
import { jsonErrorPosition } from "./json-position.ts";
import type { Template } from "./types.ts";
import { cloudFormationTags } from "./yaml-tags.ts";

const tags = cloudFormationTags();

export function parseTemplate(body: string): Template {
  const parsed = body.trimStart().startsWith("{") ? parseJson(body) : parseYaml(body);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ValidationError("Template format error: unsupported structure.");
  }
  return parsed as Template;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    const { line, column } = jsonErrorPosition(body);
    throw new ValidationError(
      `Template format error: JSON not well-formed. (line ${line}, column ${column})`,
    );
  }
}

function parseYaml(body: string): unknown {
  const document = parseDocument(body, { customTags: tags, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    const where = position ? ` (line ${position.line}, column ${position.col})` : "";
    throw new ValidationError(`Template format error: YAML not well-formed.${where}`);
  }
  if (!isMap(document.contents)) return document.toJS();
  return document.toJS({ maxAliasCount: 10_000 });
}

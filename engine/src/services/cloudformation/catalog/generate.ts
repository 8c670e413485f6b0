/**
 * Writes `resource-types.json`: every resource type CloudFormation knows in us-east-1, with the
 * attributes Fn::GetAtt may read and the properties whose change replaces the resource (the
 * schema's createOnlyProperties), taken from the AWS resource schemas cfn-lint ships (cfn-lint is
 * the linter the project already runs; its schemas are AWS's own registry documents). The engine
 * uses it to answer "Unrecognized resource types" and "does not support attribute type" the way
 * CloudFormation does, for every type and not only those it can create.
 *
 *   node --import tsx src/services/cloudformation/catalog/generate.ts
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SCRIPT = `
import json
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as schemas
region = "us-east-1"
attributes = {}
create_only = {}
for name in sorted(schemas.get_resource_types(region)):
    attributes[name] = sorted(schemas.get_type_getatts(name, region).keys())
    schema = schemas.get_resource_schema(region, name).schema
    top = [p.split("/")[2] for p in schema.get("createOnlyProperties", []) if p.count("/") == 2]
    if top:
        create_only[name] = sorted(set(top))
print(json.dumps({"attributes": attributes, "createOnly": create_only}, separators=(",", ":")))
`;

const json = execFileSync("python3", ["-c", SCRIPT], { maxBuffer: 64 * 1024 * 1024 }).toString();
const target = join(dirname(fileURLToPath(import.meta.url)), "resource-types.json");
writeFileSync(target, json.endsWith("\n") ? json : `${json}\n`);
console.log(`wrote ${target} (${Object.keys(JSON.parse(json).attributes).length} types)`);

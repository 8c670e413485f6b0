/** ListExports and ListImports: the exports of a region's stacks, and who imports one. */
import type { ListExportsInput, ListImportsInput } from "@aws-sdk/client-cloudformation";
import type { RequestContext } from "../../../server/context.ts";
import { LIST_PAGE_SIZE } from "../constants.ts";
import type { CloudFormationCore } from "../core.ts";
import { ValidationError } from "../errors.ts";
import { page, scopeOf } from "./wire.ts";

type Ctx = RequestContext;

export function exportOperations(core: CloudFormationCore) {
  return {
    ListExports(input: ListExportsInput, ctx: Ctx) {
      const scope = scopeOf(ctx);
      const exports = core.store
        .stacksInRegion(scope.accountId, scope.region)
        .filter((s) => s.status !== "DELETE_COMPLETE" && s.status !== "REVIEW_IN_PROGRESS")
        .reverse()
        .flatMap((s) =>
          s.outputs
            .filter((o) => o.exportName !== undefined)
            .map((o) => ({ ExportingStackId: s.stackId, Name: o.exportName!, Value: o.value })),
        );
      const { items, NextToken } = page(exports, input.NextToken, LIST_PAGE_SIZE);
      return { Exports: items, ...(NextToken && { NextToken }) };
    },

    ListImports(input: ListImportsInput, ctx: Ctx) {
      const scope = scopeOf(ctx);
      const name = input.ExportName!;
      if (core.services.exports.value(scope, name) === undefined) {
        throw new ValidationError(`Export '${name}' does not exist.`);
      }
      const importers = core.services.exports.importers(scope, name);
      if (importers.length === 0) throw new ValidationError(`Export '${name}' is not imported by any stack.`);
      const { items, NextToken } = page(importers, input.NextToken, LIST_PAGE_SIZE);
      return { Imports: items, ...(NextToken && { NextToken }) };
    },
  };
}

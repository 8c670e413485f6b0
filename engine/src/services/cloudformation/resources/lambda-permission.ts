/**
 * AWS::Lambda::Permission: one statement in a function's resource policy (AddPermission). Its
 * statement id is generated (`<stack>-<logicalId>-<random>`), and Ref returns it, as AWS's
 * physical id of a permission is its statement id. GetAtt: Id. Every property replaces the
 * permission (all are create-only).
 */
import { generatePhysicalName } from "./physical-names.ts";
import { call, defineProvider } from "./provider.ts";

/** AWS: statement ids are at most 100 characters. */
const MAX_STATEMENT_ID_LENGTH = 100;

const PASSED = [
  "FunctionName",
  "Action",
  "Principal",
  "SourceArn",
  "SourceAccount",
  "EventSourceToken",
  "PrincipalOrgID",
  "FunctionUrlAuthType",
  "InvokedViaFunctionUrl",
] as const;

export const lambdaPermissionProvider = defineProvider({
  type: "AWS::Lambda::Permission",

  async create(properties, ctx) {
    const statementId = generatePhysicalName(ctx, { maxLength: MAX_STATEMENT_ID_LENGTH });
    const input: Record<string, unknown> = { StatementId: statementId };
    for (const key of PASSED) if (properties[key] !== undefined) input[key] = properties[key];
    const { Statement } = await call<{ Statement: string }>(ctx, "lambda", "AddPermission", input);
    const sid = (JSON.parse(Statement) as { Sid?: string }).Sid ?? statementId;
    return { physicalId: sid, attributes: { Id: sid } };
  },

  async delete(state, properties, ctx) {
    await call(ctx, "lambda", "RemovePermission", {
      FunctionName: properties.FunctionName,
      StatementId: state.physicalId,
    });
  },
});

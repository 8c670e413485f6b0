/**
 * AWS::Logs::LogGroup. Ref: the group name. GetAtt: Arn (with the `:*` suffix, as CloudFormation
 * gives it) and any property. Without LogGroupName the name is generated. LogGroupName and
 * LogGroupClass replace the group (a class cannot change); RetentionInDays and Tags are updated in
 * place. KmsKeyId, DataProtectionPolicy, FieldIndexPolicies, ResourcePolicyDocument and
 * DeletionProtectionEnabled are set at creation where the engine's Logs takes them and are not
 * updated afterwards.
 */
import { existing } from "./errors.ts";
import { generatePhysicalName } from "./physical-names.ts";
import { bool, changed, num, str, tagChanges, tagMap } from "./properties.ts";
import { call, defineProvider } from "./provider.ts";
import type { ResourceContext } from "./types.ts";

const TYPE = "AWS::Logs::LogGroup";
/** AWS: log group names are at most 512 characters. */
const MAX_LOG_GROUP_NAME_LENGTH = 512;

const groupArn = (ctx: ResourceContext, name: string) =>
  `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${name}`;

const stateOf = (ctx: ResourceContext, name: string) => ({
  physicalId: name,
  attributes: { Arn: `${groupArn(ctx, name)}:*` },
});

async function setRetention(ctx: ResourceContext, name: string, days: number | undefined): Promise<void> {
  if (days === undefined) await call(ctx, "logs", "DeleteRetentionPolicy", { logGroupName: name });
  else await call(ctx, "logs", "PutRetentionPolicy", { logGroupName: name, retentionInDays: days });
}

export const logsLogGroupProvider = defineProvider({
  type: TYPE,
  replaceOn: ["LogGroupClass"],

  async create(properties, ctx) {
    const name =
      str(properties.LogGroupName) ?? generatePhysicalName(ctx, { maxLength: MAX_LOG_GROUP_NAME_LENGTH });
    const tags = tagMap(properties.Tags);
    await call(ctx, "logs", "CreateLogGroup", {
      logGroupName: name,
      ...(properties.KmsKeyId !== undefined && { kmsKeyId: properties.KmsKeyId }),
      ...(properties.LogGroupClass !== undefined && { logGroupClass: properties.LogGroupClass }),
      ...(bool(properties.DeletionProtectionEnabled) && { deletionProtectionEnabled: true }),
      ...(Object.keys(tags).length > 0 && { tags }),
    }).catch(existing(TYPE, name));
    const days = num(properties.RetentionInDays);
    if (days !== undefined) await setRetention(ctx, name, days);
    return stateOf(ctx, name);
  },

  async update(previous, properties, previousProperties, ctx) {
    const name = previous.physicalId;
    if (changed(properties.RetentionInDays, previousProperties.RetentionInDays)) {
      await setRetention(ctx, name, num(properties.RetentionInDays));
    }
    const tags = tagChanges(tagMap(previousProperties.Tags), tagMap(properties.Tags));
    const arn = groupArn(ctx, name);
    if (tags.removed.length > 0)
      await call(ctx, "logs", "UntagResource", { resourceArn: arn, tagKeys: tags.removed });
    if (Object.keys(tags.set).length > 0)
      await call(ctx, "logs", "TagResource", { resourceArn: arn, tags: tags.set });
    return stateOf(ctx, name);
  },

  async delete(state, _properties, ctx) {
    await call(ctx, "logs", "DeleteLogGroup", { logGroupName: state.physicalId });
  },
});

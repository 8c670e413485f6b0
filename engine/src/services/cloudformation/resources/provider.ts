/**
 * What every provider shares, so each provider file holds only its resource's mapping: property
 * validation against the type's schema (before anything is called), the replacement rule (a
 * change to a create-only property replaces the resource), service errors worded as
 * CloudFormation words them, a delete that finds the resource already gone succeeding, and
 * Fn::GetAtt reading any readable property besides the provider's own attributes (as it may for
 * registry types).
 */
import type { InProcessClient } from "../../in-process.ts";
import { asHandlerError, isNotFound } from "./errors.ts";
import { changed, type Properties } from "./properties.ts";
import { resourceSchema } from "./schemas/index.ts";
import type { ResourceContext, ResourceProvider, ResourceState } from "./types.ts";

export interface ProviderSpec {
  type: string;
  /** Properties whose change replaces the resource besides the schema's create-only ones. */
  replaceOn?: readonly string[];
  create(properties: Properties, ctx: ResourceContext): Promise<ResourceState>;
  /** Absent: every change replaces the resource. Present: called even when nothing changed (local code may have). */
  update?(
    previous: ResourceState,
    properties: Properties,
    previousProperties: Properties,
    ctx: ResourceContext,
  ): Promise<ResourceState>;
  delete(state: ResourceState, properties: Properties, ctx: ResourceContext): Promise<void>;
}

/** A client whose service errors arrive as handler errors naming the service. */
function handlerClient(client: InProcessClient): InProcessClient {
  return {
    async call(service, operation, input, options) {
      try {
        return await client.call(service, operation, input, options);
      } catch (error) {
        throw asHandlerError(service, error);
      }
    },
  };
}

/** The properties Fn::GetAtt may read (all but write-only ones). */
function readable(properties: Properties, writeOnly: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !writeOnly.includes(key)));
}

/** Attributes as Fn::GetAtt names them: an object's members also as `Name.member`. */
function withMembers(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...attributes };
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [member, inner] of Object.entries(value)) out[`${key}.${member}`] = inner;
    }
  }
  return out;
}

/** The previous properties were valid when applied; a schema that changed since must not fail an update. */
function leniently(validate: () => Properties, fallback: Properties): Properties {
  try {
    return validate();
  } catch {
    return fallback;
  }
}

export function defineProvider(spec: ProviderSpec): ResourceProvider {
  const schema = resourceSchema(spec.type);
  const replaceOn = [...schema.createOnly, ...(spec.replaceOn ?? [])];
  const withClient = (ctx: ResourceContext): ResourceContext => ({
    ...ctx,
    client: handlerClient(ctx.client),
  });
  /** The provider's attributes, then the properties (an update's result may carry the old ones). */
  const complete = (state: ResourceState, properties: Properties, before?: Properties): ResourceState => {
    const stale = before ? withMembers(readable(before, schema.writeOnly)) : {};
    const own = Object.entries(state.attributes).filter(([key]) => !(key in stale));
    return {
      physicalId: state.physicalId,
      attributes: withMembers({ ...Object.fromEntries(own), ...readable(properties, schema.writeOnly) }),
    };
  };

  return {
    type: spec.type,
    async create(properties, ctx) {
      const valid = schema.validate(ctx.logicalId, properties);
      return complete(await spec.create(valid, withClient(ctx)), valid);
    },
    async update(previous, properties, previousProperties, ctx) {
      const valid = schema.validate(ctx.logicalId, properties);
      const before = leniently(() => schema.validate(ctx.logicalId, previousProperties), previousProperties);
      if (replaceOn.some((name) => changed(valid[name], before[name]))) return "replace";
      // A type without updates is replaced by any change, and left alone when nothing changed.
      if (!spec.update) return changed(valid, before) ? "replace" : previous;
      return complete(await spec.update(previous, valid, before, withClient(ctx)), valid, before);
    },
    async delete(state, properties, ctx) {
      try {
        await spec.delete(state, properties, withClient(ctx));
      } catch (error) {
        // CloudFormation treats a resource that is already gone as deleted.
        if (!isNotFound(error)) throw error;
      }
    },
  };
}

/** Calls a service with the stack's region. */
export const call = <T = Record<string, unknown>>(
  ctx: ResourceContext,
  service: string,
  operation: string,
  input: Record<string, unknown>,
): Promise<T> => ctx.client.call<T>(service, operation, input, { region: ctx.region });

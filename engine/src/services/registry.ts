/** The one place services are registered; the server routes through it. */
import type { ServiceDefinition } from "./service.ts";

export class ServiceRegistry {
  private readonly services: ServiceDefinition[] = [];

  register(service: ServiceDefinition): void {
    this.services.push(service);
  }

  get all(): readonly ServiceDefinition[] {
    return this.services;
  }

  byTargetPrefix(prefix: string): ServiceDefinition | undefined {
    return this.services.find((s) => s.model.metadata.targetPrefix === prefix);
  }

  /** Picks the query service: by signing name, else by path ownership, else by who has the action. */
  forQuery(
    signingName: string | undefined,
    path: string,
    action: string | undefined,
  ): ServiceDefinition | undefined {
    const queryServices = this.services.filter((s) => s.query);
    if (signingName) {
      const signed = queryServices.find((s) => s.signingNames.includes(signingName));
      if (signed) return signed;
    }
    const byPath = queryServices.find((s) => s.ownsQueryPath?.(path));
    if (byPath) return byPath;
    return action ? queryServices.find((s) => s.model.operations[action] !== undefined) : undefined;
  }
}

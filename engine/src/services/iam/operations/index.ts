/** Every IAM operation the engine serves; the model's others answer NotImplemented. */
import type { OperationHandler } from "../../service.ts";
import type { IamCore } from "../core.ts";
import { managedPolicyOperations } from "./managed-policies.ts";
import { rolePolicyOperations } from "./role-policies.ts";
import { roleOperations } from "./roles.ts";
import { simulationOperations } from "./simulate.ts";

export function iamOperations(core: IamCore): Record<string, OperationHandler> {
  return {
    ...roleOperations(core),
    ...rolePolicyOperations(core),
    ...managedPolicyOperations(core),
    ...simulationOperations(core),
  } as unknown as Record<string, OperationHandler>;
}

/**
 * AWS CloudFormation (API 2010-05-15, awsQuery): stacks from JSON and YAML templates (short-form
 * tags), parameters, mappings, conditions, outputs and exports, every intrinsic function but the
 * language extensions, the SAM transform, deployment in dependency order with rollback, updates
 * in place or by replacement, stack events, and change sets as `aws cloudformation deploy` uses
 * them. Resources are made by the providers in resources/, through the other services' APIs.
 *
 * Operations: CreateStack, UpdateStack, DeleteStack, DescribeStacks, ListStacks,
 * DescribeStackEvents, DescribeStackResources, DescribeStackResource, ListStackResources,
 * GetTemplate, GetTemplateSummary, ValidateTemplate, ListExports, ListImports,
 * UpdateTerminationProtection, CreateChangeSet, DescribeChangeSet, ExecuteChangeSet,
 * DeleteChangeSet, ListChangeSets.
 *
 * LIMITATIONS
 * - Every other operation answers NotImplemented (501): stack sets, drift detection, stack
 *   policies, CancelUpdateStack, ContinueUpdateRollback, RollbackStack, SignalResource, the
 *   registry (types, hooks, publishers), resource scans, generated templates, refactors, import.
 * - Resource types: those resources/ provides; any other type AWS knows fails the stack at
 *   deployment naming the type (nothing is created). Types AWS does not know are refused at once
 *   ("Unrecognized resource types"), as AWS does (the catalog comes from AWS's resource schemas).
 * - Transforms: AWS::Serverless-2016-10-31 only; no macros, AWS::Include or
 *   AWS::LanguageExtensions (Fn::ForEach, Fn::Length, Fn::ToJsonString, …). No nested stacks,
 *   custom resources, wait conditions, Rules, CreationPolicy/UpdatePolicy (accepted, not applied),
 *   dynamic references ({{resolve:…}} stays text), AWS::SSM::Parameter::Value<…> parameters.
 * - Templates come as TemplateBody, or (the engine has no S3) a file:// TemplateURL inside the
 *   code roots. Stack notifications, RoleARN, timeouts and rollback triggers are stored, not used.
 * - Fn::GetAZs answers three zones (a, b, c) for any region. Fn::Cidr is IPv4 only.
 * - Change sets: CREATE and UPDATE (no IMPORT, nested stacks or hooks); Replacement comes from
 *   the resource schemas' create-only properties, the provider decides at execution.
 * - An operation cut short by an engine restart is not resumed: its stack is marked failed
 *   (CREATE_FAILED, UPDATE_FAILED, DELETE_FAILED, …) and can be deleted.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import cloudformationModel from "../../models/cloudformation.json" with { type: "json" };
import { coralValidationMessage } from "../../protocol/coral-validation.ts";
import type { ServiceModel } from "../../protocol/model.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { type Db, migrate } from "../../storage/database.ts";
import type { InProcessClient } from "../in-process.ts";
import { everyOperation, type OperationHandler, type ServiceDefinition } from "../service.ts";
import { CloudFormationCore } from "./core.ts";
import { InvalidAction, MissingParameter, ValidationError } from "./errors.ts";
import { changeSetOperations } from "./operations/change-sets.ts";
import { exportOperations } from "./operations/exports.ts";
import { resourceOperations } from "./operations/resources.ts";
import { stackOperations } from "./operations/stacks.ts";
import { templateOperations } from "./operations/templates.ts";
import type { LocalFunctionCode, ResourceProvider } from "./resources/types.ts";
import { CLOUDFORMATION_MIGRATIONS } from "./store.ts";
import type { TemplateExpander } from "./template/prepare.ts";

export type { CloudFormationCore } from "./core.ts";

const model = cloudformationModel as unknown as ServiceModel;

/** Request bodies beyond a 1 MB template and its parameters cannot be valid. */
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

export interface CloudFormationServiceDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  client: InProcessClient;
  providers: ReadonlyMap<string, ResourceProvider>;
  localFunctions: LocalFunctionCode;
  /** Directories local code may be read from (SAM CodeUri, CDK assets, file:// templates). */
  codeRoots: readonly string[];
  /** Where the SAM transform keeps esbuild builds; a temporary directory when absent. */
  buildDir?: string;
  /** The SAM transform; loaded from sam/ on first use when absent. */
  expandSam?: () => Promise<TemplateExpander>;
}

export interface CloudFormationService {
  definition: ServiceDefinition;
  core: CloudFormationCore;
}

const loadSam = async (): Promise<TemplateExpander> =>
  (await import("./sam/index.ts")).expandSamTemplate as unknown as TemplateExpander;

export function createCloudFormationService(deps: CloudFormationServiceDeps): CloudFormationService {
  migrate(deps.db, "cloudformation", CLOUDFORMATION_MIGRATIONS);
  const core = new CloudFormationCore({
    ...deps,
    expandSam: deps.expandSam ?? loadSam,
    buildDir: deps.buildDir ?? join(tmpdir(), "orderflow-sam-builds"),
  });
  core.recover();

  const implemented = {
    ...stackOperations(core),
    ...changeSetOperations(core),
    ...resourceOperations(core),
    ...templateOperations(core),
    ...exportOperations(core),
  } as unknown as Record<string, OperationHandler>;
  const operations = everyOperation("CloudFormation", model, implemented);

  const definition: ServiceDefinition = {
    name: "cloudformation",
    signingNames: ["cloudformation"],
    model,
    jsonErrorNamespace: "com.amazonaws.cloudformation",
    query: true,
    maxRequestBytes: MAX_REQUEST_BYTES,
    inputErrors: {
      invalidType: (path, expected, value) =>
        new ValidationError(
          `1 validation error detected: Value '${String(value)}' at '${path.charAt(0).toLowerCase()}${path.slice(1)}' failed to satisfy constraint: Member must be a ${expected}`,
        ),
    },
    validateInput(operation, input) {
      // CloudFormation reports the model's constraints in Coral's words ("1 validation error detected: …").
      const shape = model.operations[operation]?.input;
      const message = shape ? coralValidationMessage(model, shape, input) : undefined;
      if (message) throw new ValidationError(message);
    },
    missingParameter: (path) => new MissingParameter(path),
    unknownOperation: (name) => new InvalidAction(name),
    operations,
    close() {
      core.close();
    },
  };
  return { definition, core };
}

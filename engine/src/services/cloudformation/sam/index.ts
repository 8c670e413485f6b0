/**
 * The SAM transform (`Transform: AWS::Serverless-2016-10-31`) for the CloudFormation engine:
 * `expandSamTemplate` turns a SAM template into plain CloudFormation as AWS's translator
 * (aws/serverless-application-model) does — same logical ids, names and property mapping — and
 * builds the functions that ask for esbuild (`Metadata.BuildMethod: esbuild`) as `sam build` would,
 * so a TypeScript SAM function deploys without `sam build` or `sam package`.
 *
 * Supported: Globals (Function, SimpleTable; the other sections are read and checked);
 * AWS::Serverless::Function with its execution role (Policies: managed policy names and ARNs,
 * inline documents, the common policy templates), InlineCode / S3 / local CodeUri, DeadLetterQueue,
 * EventInvokeConfig, Tracing, Tags, and Events of type SQS and DynamoDB;
 * AWS::Serverless::SimpleTable.
 *
 * LIMITATIONS
 * - Refused by name: AWS::Serverless::Api, HttpApi, StateMachine, LayerVersion, Application,
 *   Connector, GraphQLApi; event types other than SQS and DynamoDB; AutoPublishAlias,
 *   DeploymentPreference, FunctionUrlConfig (no versions, aliases or URLs in the engine's Lambda);
 *   PackageType Image; policy templates the engine does not carry (services it does not emulate).
 * - Managed policy names resolve to ARNs for the policies Lambda functions commonly use; another
 *   name stays as written (SAM bundles IAM's whole list), and cannot be attached unless the engine's
 *   IAM knows it. The role's policies are evaluated under `--iam`.
 * - Parameter values are not substituted where SAM would (EventInvokeConfig, policy templates keep
 *   `Ref`s for CloudFormation to resolve, which gives the same result); `!Ref Function.Alias`-style
 *   references and conditional (Fn::If) invoke destinations are not resolved; PropagateTags reaches
 *   the role only.
 * - Local code: the CodeUri directory runs as it is unless esbuild builds it (no `npm install`);
 *   esbuild builds in place (node_modules above CodeUri resolve, where `sam build`'s copy would not
 *   see them) and keeps `@aws-sdk/*` external for nodejs18.x and later; a .zip CodeUri is refused.
 */
export { LOCAL_CODE_BUCKET, LOCAL_CODE_METADATA_KEY, SAM_TRANSFORM } from "./constants.ts";
export { SamBuildError, SamTransformError } from "./errors.ts";
export { expandSamTemplate, hasSamTransform, type SamContext } from "./transform.ts";

/**
 * The CDK app (cdk.json runs it with tsx). Environment-agnostic: `cdk deploy` targets the account
 * and region of the caller's credentials, and the engine deploys the same template.
 */
import { App } from "aws-cdk-lib";
import { OrderflowStack } from "./stack.ts";

/** The stack's name in CloudFormation, on AWS and on the engine. */
export const STACK_NAME = "Orderflow";

const app = new App();
new OrderflowStack(app, STACK_NAME, {
  description:
    "Orderflow: the event-driven order system of the seed tutorials (write buffer: seeds 000 and 001)",
});

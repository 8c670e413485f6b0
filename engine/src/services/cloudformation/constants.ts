/**
 * CloudFormation's quotas and fixed values, with their units.
 * AWS: "CloudFormation quotas" (cloudformation-limits.html) unless noted.
 */

/** Largest TemplateBody a request may carry, in bytes (larger templates go through TemplateURL). */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;
/** Largest template read from a TemplateURL, in bytes. */
export const MAX_TEMPLATE_URL_BYTES = 1_048_576;
export const MAX_RESOURCES = 500;
export const MAX_PARAMETERS = 200;
export const MAX_OUTPUTS = 200;
export const MAX_MAPPINGS = 200;
/** Stack names: a letter, then letters, digits and hyphens; at most 128 characters. */
export const MAX_STACK_NAME_LENGTH = 128;
export const STACK_NAME_PATTERN = "[a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*";
/** Longest parameter value, in bytes. */
export const MAX_PARAMETER_VALUE_BYTES = 4096;
/** Fn::And and Fn::Or take between 2 and 10 conditions. AWS: intrinsic-function-reference-conditions. */
export const MIN_CONDITION_OPERANDS = 2;
export const MAX_CONDITION_OPERANDS = 10;

/** Page sizes of the list operations (AWS returns at most these per call). */
export const STACK_EVENTS_PAGE_SIZE = 100;
export const STACKS_PAGE_SIZE = 100;
export const LIST_PAGE_SIZE = 100;

/** The only template format version there is. */
export const TEMPLATE_FORMAT_VERSION = "2010-09-09";
export const SAM_TRANSFORM = "AWS::Serverless-2016-10-31";
export const PARTITION = "aws";
export const URL_SUFFIX = "amazonaws.com";
/** Availability zones Fn::GetAZs reports for a region (the engine has no zones of its own). */
export const AVAILABILITY_ZONE_SUFFIXES = ["a", "b", "c"] as const;

export const STACK_RESOURCE_TYPE = "AWS::CloudFormation::Stack";

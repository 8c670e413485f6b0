/**
 * Module resolve hook registered (module.register) inside a Node.js execution environment that loads
 * ES modules: a bare `@aws-sdk/…` (or `@smithy/…`, …) import the function's code cannot resolve is
 * resolved from the engine's own node_modules instead, as Lambda's Node.js runtimes provide the AWS
 * SDK for JavaScript v3 to code that does not bundle it.
 */
let sdkParentUrl;
let sdkSpecifier;

export async function initialize(data) {
  sdkParentUrl = data.parentURL;
  sdkSpecifier = new RegExp(data.pattern);
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !sdkSpecifier.test(specifier)) throw error;
    return nextResolve(specifier, { ...context, parentURL: sdkParentUrl });
  }
}

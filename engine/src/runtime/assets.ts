/**
 * Where the runtime's plain-JavaScript and Python files live at run time (the worker bootstrap, the
 * ESM resolve hook, the Python bootstrap). They are loaded from disk by a worker thread or a child
 * process, never bundled, so both the TypeScript sources and the CLI's esbuild bundle must find this
 * directory: the bundle gets it as a constant through esbuild's `define`
 * (bin/orderflow-engine.js), the sources read it here. The only `import.meta` in the engine.
 */
export const RUNTIME_ASSETS_DIR: string = import.meta.dirname;

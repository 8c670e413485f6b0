// The order system lands here with issue 5 (stack, handlers, web UI, load generator).
export const APP_NAME = "orderflow";

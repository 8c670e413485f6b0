/**
 * The functions' configuration: environment variables the stack sets (infra/stack.ts), read when
 * a handler runs so a missing one fails the invocation with its name instead of failing import.
 */

/** The orders table the buffer writer fills. */
export const ORDERS_TABLE_NAME = "ORDERS_TABLE_NAME";

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`environment variable ${name} is not set`);
  return value;
}

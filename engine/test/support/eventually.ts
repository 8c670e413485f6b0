/**
 * Waits on the real clock until background work makes a condition true.
 *
 * The deadline is generous on purpose: CI machines are shared and slow, a condition that holds
 * returns at the next poll, and a deadline that is too tight fails a correct engine. A test that
 * needs something *not* to happen should not use this.
 */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what = "the condition",
  { timeoutMs = DEFAULT_TIMEOUT_MS, pollMs = 10, between }: EventuallyOptions = {},
): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not come true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    between?.();
  }
}

export interface EventuallyOptions {
  timeoutMs?: number;
  pollMs?: number;
  /** Runs after each poll that found the condition false (e.g. to move a virtual clock on). */
  between?: () => void;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Runs one task per resource as soon as the resources it waits for are done, so independent
 * resources are handled concurrently (CloudFormation does the same). After a failure no new task
 * starts, unless `continueAfterFailure` (deletion), where only the tasks waiting on a failed one
 * are held back.
 */
export interface ScheduleResult {
  completed: string[];
  failed: string[];
  /** Never started: a failure came first, or something they waited for failed. */
  skipped: string[];
}

export async function runInOrder(
  ids: readonly string[],
  waitsFor: (id: string) => readonly string[],
  task: (id: string) => Promise<void>,
  options: { continueAfterFailure?: boolean } = {},
): Promise<ScheduleResult> {
  const members = new Set(ids);
  const pending = [...ids];
  const completed: string[] = [];
  const failed: string[] = [];
  const done = new Set<string>();
  const running = new Map<string, Promise<void>>();

  const ready = (id: string) => waitsFor(id).every((dep) => !members.has(dep) || done.has(dep));
  for (;;) {
    if (failed.length === 0 || options.continueAfterFailure) {
      for (const id of [...pending]) {
        if (!ready(id)) continue;
        pending.splice(pending.indexOf(id), 1);
        running.set(
          id,
          task(id).then(
            () => {
              completed.push(id);
              done.add(id);
              running.delete(id);
            },
            () => {
              failed.push(id);
              running.delete(id);
            },
          ),
        );
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  return { completed, failed, skipped: pending };
}

/** The reverse relation: for deletion, a resource waits for everything that depends on it. */
export function dependents(graph: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const reverse = new Map<string, string[]>();
  for (const id of graph.keys()) reverse.set(id, []);
  for (const [id, deps] of graph) {
    for (const dep of deps) reverse.get(dep)?.push(id);
  }
  return reverse;
}

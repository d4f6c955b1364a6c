import type { Logger } from '../kernel/context.ts';
import type { Db } from '../store/db.ts';
import { type FinishedRunEntry, insertFinishedRuns } from '../store/workflow-runs.ts';
import { builderClaims } from './builder-claims.ts';

type Entry = FinishedRunEntry;

/**
 * Stores runs that finished inside their request, many in one statement: while one insert is on
 * its way, the runs that finish meanwhile queue for the next (group commit). Each caller waits
 * until its run is committed, so a sync webhook answers only once its run is on record.
 */
export function finishedRunBatcher(db: Db, log: Logger, maxBatch = 500) {
  let queue: { entry: Entry; done: () => void; failed: (error: unknown) => void }[] = [];
  let writing: Promise<void> | null = null;

  async function writeAll(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      const byUser = new Map<string, typeof batch>();
      for (const item of batch) {
        const list = byUser.get(item.entry.userId) ?? [];
        list.push(item);
        byUser.set(item.entry.userId, list);
      }
      await Promise.all(
        [...byUser].map(async ([userId, items]) => {
          try {
            await db.withUser(builderClaims(userId), (tx) =>
              insertFinishedRuns(
                tx,
                items.map((item) => item.entry),
              ),
            );
            for (const item of items) item.done();
          } catch (error) {
            log.error('workflow_runs_not_recorded', { count: items.length, error: String(error) });
            for (const item of items) item.failed(error);
          }
        }),
      );
    }
  }

  function kick(): void {
    if (writing) return;
    writing = writeAll().finally(() => {
      writing = null;
      if (queue.length > 0) kick();
    });
  }

  return {
    add(entry: Entry): Promise<void> {
      return new Promise<void>((done, failed) => {
        queue.push({ entry, done, failed });
        kick();
      });
    },
    async flush(): Promise<void> {
      while (writing) await writing;
    },
  };
}

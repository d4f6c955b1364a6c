import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { StepRecord } from '../../schemas/index.ts';
import type { Logger } from '../kernel/context.ts';
import type { Db } from '../store/db.ts';
import { interruptedRuns } from '../store/workflow-runs.ts';
import { planOf } from './active-workflows.ts';
import { builderClaims } from './builder-claims.ts';
import type { HandedRun, RunJob } from './runner.ts';
import { rerunPart } from './stored-runs.ts';

// After a restart: runs that a stopped process left behind. A run that had started may have
// done half its work (a message sent, a record written), so it is not run again behind the
// builder's back: it is marked failed, saying where it stopped, and can be re-run from there.
// A run that was stored but never started did nothing yet, so it starts now (or, where runs are
// handed over to be carried out elsewhere, is handed over again).

export interface Recovered {
  failed: number;
  restarted: number;
}

export async function recoverRuns(options: {
  db: Db;
  log: Logger;
  now: () => number;
  leaseMs: number;
  restart: (job: RunJob, runId: string) => void;
  /** Instead of `restart`: hands the queued run over again (to the workflow's Durable Object). */
  handOff?: (run: HandedRun) => Promise<void>;
}): Promise<Recovered> {
  const { db, log, now, leaseMs } = options;
  const claimed = await db.asService('workflow-recovery', async (tx) => {
    const runs = await interruptedRuns(tx, new Date(now()));
    for (const run of runs) {
      if (run.status === 'running') {
        await tx.query(
          `update workflow_runs set status = 'failed', finished_at = now(), lease_until = null,
             error = 'The server stopped while this run was under way' ||
               coalesce(' (after step "' || (steps -> -1 ->> 'stepId') || '")', ' (before its first step finished)') ||
               '; steps after that did not run. Re-run it from the step where it stopped.'
           where id = $1`,
          [run.id],
        );
      } else {
        await tx.query(`update workflow_runs set lease_until = $2 where id = $1`, [
          run.id,
          new Date(now() + leaseMs),
        ]);
      }
    }
    return { queued: runs.filter((run) => run.status === 'queued'), failed: runs.length };
  });
  const failed = claimed.failed - claimed.queued.length;
  let restarted = 0;
  for (const run of claimed.queued) {
    if (options.handOff) {
      // Its lease was renewed above: the new holder has that long to claim it.
      await options.handOff({ runId: run.id, workflowId: run.workflowId, userId: run.userId });
      restarted += 1;
      continue;
    }
    try {
      const loaded = await db.withUser(builderClaims(run.userId), async (tx) => {
        const [row] = await tx.query<{
          definition: WorkflowDefinition;
          trigger: RunJob['trigger'];
          trigger_input: unknown;
          rerun_of: string | null;
          from_step: string | null;
          original_steps: StepRecord[] | null;
        }>(
          `select v.definition, r.trigger, r.trigger_input, r.rerun_of, r.from_step, o.steps as original_steps
           from workflow_runs r
           join definition_versions v on v.workflow_id = r.workflow_id and v.version = r.version
           left join workflow_runs o on o.id = r.rerun_of
           where r.id = $1`,
          [run.id],
        );
        return row && { ...row, plan: await planOf(tx) };
      });
      if (!loaded) continue;
      options.restart(
        {
          workflowId: run.workflowId,
          userId: run.userId,
          version: run.version,
          definition: loaded.definition,
          plan: loaded.plan,
          trigger: loaded.trigger,
          triggerInput: loaded.trigger_input,
          // A re-run starts again where it was asked to, not from the first step.
          ...rerunPart(loaded),
        },
        run.id,
      );
      restarted += 1;
    } catch (error) {
      log.error('workflow_run_not_restarted', { runId: run.id, error: String(error) });
    }
  }
  return { failed, restarted };
}

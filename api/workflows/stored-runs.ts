import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { StepRecord } from '../../schemas/index.ts';
import type { Tx } from '../store/db.ts';
import { planOf } from './active-workflows.ts';
import type { RunJob } from './runner.ts';

// Runs that were stored to be carried out elsewhere (on Cloudflare: by the workflow's Durable
// Object, see api/platform/worker/workflow-object.ts). What a run needs is all in its row: the
// version it runs, what started it, where a re-run starts. Claiming moves it from queued to
// running in one statement, so of two claimants only one gets it: a run never runs twice.

/** A re-run's starting point: the results of the original run's steps (not those inside a for-each). */
export function resumeOutputs(steps: readonly StepRecord[]): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const record of steps)
    if (record.status === 'succeeded' && record.item === undefined) outputs[record.stepId] = record.output;
  return outputs;
}

interface ClaimedRow {
  id: string;
  version: number;
  trigger: RunJob['trigger'];
  trigger_input: unknown;
  rerun_of: string | null;
  from_step: string | null;
  definition: WorkflowDefinition;
  original_steps: StepRecord[] | null;
}

/**
 * As the workflow's builder: claims those of `runIds` that are still queued (others are running,
 * ended or gone, and are left alone), and gives back what each needs to run.
 */
export async function claimStoredRuns(
  tx: Tx,
  options: { workflowId: string; userId: string; runIds: readonly string[]; leaseUntil: Date },
): Promise<{ runId: string; job: RunJob }[]> {
  const rows = await tx.query<ClaimedRow>(
    `with claimed as (
       update workflow_runs set status = 'running', lease_until = $3
       where id = any($2::uuid[]) and workflow_id = $1 and status = 'queued'
       returning id, workflow_id, version, trigger, trigger_input, rerun_of, from_step
     )
     select c.id, c.version, c.trigger, c.trigger_input, c.rerun_of, c.from_step, v.definition,
            o.steps as original_steps
     from claimed c
     join definition_versions v on v.workflow_id = c.workflow_id and v.version = c.version
     left join workflow_runs o on o.id = c.rerun_of`,
    [options.workflowId, `{${options.runIds.join(',')}}`, options.leaseUntil],
  );
  if (rows.length === 0) return [];
  const plan = await planOf(tx);
  return rows.map((row) => ({
    runId: row.id,
    job: {
      workflowId: options.workflowId,
      userId: options.userId,
      version: row.version,
      definition: row.definition,
      plan,
      trigger: row.trigger,
      triggerInput: row.trigger_input,
      ...rerunPart(row),
    },
  }));
}

/** A stored re-run's place in its job: where it starts, with the original run's results before it. */
export function rerunPart(row: Pick<ClaimedRow, 'rerun_of' | 'from_step' | 'original_steps'>) {
  return row.rerun_of && row.from_step
    ? {
        rerunOf: { runId: row.rerun_of, fromStep: row.from_step },
        resume: { fromStep: row.from_step, outputs: resumeOutputs(row.original_steps ?? []) },
      }
    : {};
}

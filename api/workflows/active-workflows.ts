import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { Db, Tx } from '../store/db.ts';

/** A workflow as triggers run it: its active version, its builder and their plan's limits. */
export interface RunnableWorkflow {
  workflowId: string;
  userId: string;
  version: number;
  definition: WorkflowDefinition;
  plan: WorkflowPlan;
}

export interface WorkflowPlan {
  name: string;
  executionsPerHour: number;
  timeoutSeconds: number;
}

interface Row {
  workflow_id: string;
  user_id: string;
  version: number;
  definition: WorkflowDefinition;
  plan: string;
  executions_per_hour: number;
  timeout_seconds: number;
}

const TTL_MS = 5_000;

/**
 * Finds the active version of a workflow from its id alone (a webhook's sender is nobody we
 * know). Answers are kept a few seconds, as every delivery needs one; activating or deactivating
 * in this process forgets the entry at once, other processes see it within the TTL.
 */
export function activeWorkflows(db: Db, now: () => number = Date.now) {
  const cache = new Map<string, { at: number; workflow: RunnableWorkflow | null }>();
  return {
    async find(workflowId: string): Promise<RunnableWorkflow | null> {
      const hit = cache.get(workflowId);
      if (hit && now() - hit.at < TTL_MS) return hit.workflow;
      const [row] = await db.asService('workflow-trigger', (tx) =>
        tx.query<Row>(
          `select d.id as workflow_id, d.user_id, d.active_version as version, v.definition,
                  p.id as plan, p.workflow_executions_per_hour as executions_per_hour,
                  p.execution_timeout_seconds as timeout_seconds
           from workflow_definitions d
           join profiles pr on pr.id = d.user_id
           join plans p on p.id = pr.plan
           join definition_versions v on v.workflow_id = d.id and v.version = d.active_version
           where d.id = $1 and d.status = 'active'`,
          [workflowId],
        ),
      );
      const workflow = row ? toRunnable(row) : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(workflowId, { at: now(), workflow });
      return workflow;
    },
    forget(workflowId: string): void {
      cache.delete(workflowId);
    },
  };
}

export type ActiveWorkflows = ReturnType<typeof activeWorkflows>;

function toRunnable(row: Row): RunnableWorkflow {
  return {
    workflowId: row.workflow_id,
    userId: row.user_id,
    version: row.version,
    definition: row.definition,
    plan: {
      name: row.plan,
      executionsPerHour: row.executions_per_hour,
      timeoutSeconds: row.timeout_seconds,
    },
  };
}

/** The caller's plan (run as them), for a test run or re-run of a version that is not (or no longer) active. */
export async function planOf(tx: Tx): Promise<WorkflowPlan> {
  const [row] = await tx.query<WorkflowPlan>(
    `select p.id as name, p.workflow_executions_per_hour as "executionsPerHour",
            p.execution_timeout_seconds as "timeoutSeconds"
     from profiles pr join plans p on p.id = pr.plan where pr.id = auth.uid()`,
  );
  if (!row) throw new Error('the builder has no profile');
  return row;
}

import type { Step, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { missing } from '../../../model/app-parts.ts';
import { type EditResult, edited, refused } from '../../../model/edit-result.ts';
import { stepSettings } from '../../../model/workflow-defaults.ts';
import { updateStep } from '../../../model/workflow-edit.ts';
import { type WorkflowApp, writableFields } from '../shared/record-targets.ts';

type Condition = Extract<Step, { kind: 'condition' }>;
type RecordStep = Extract<Step, { kind: 'create_record' | 'update_record' }>;
export type AiTaskName = Extract<Step, { kind: 'ai' }>['ai']['task'];

/** Retries a new "retry on failure" starts with: a few quick attempts, backing off. */
export const DEFAULT_RETRY = { attempts: 3, backoff: 'exponential', delayMs: 1000 } as const;

function stepOf<K extends Step['kind']>(
  def: WorkflowDefinition,
  stepId: string,
  kind: K,
): Extract<Step, { kind: K }> | undefined {
  const step = def.steps.find((candidate) => candidate.id === stepId);
  return step?.kind === kind ? (step as Extract<Step, { kind: K }>) : undefined;
}

/**
 * Moves a branch of a condition up (`-1`) or down (`+1`). Order matters: branches are checked
 * in order and the first that holds runs, so this is how a builder gives one precedence.
 */
export function moveBranch(
  def: WorkflowDefinition,
  args: { stepId: string; branchId: string; offset: -1 | 1 },
): EditResult<WorkflowDefinition> {
  const step = stepOf(def, args.stepId, 'condition');
  if (!step) return refused(missing('condition step', args.stepId));
  const from = step.branches.findIndex((branch) => branch.id === args.branchId);
  if (from < 0) return refused(missing('branch', args.branchId));
  const to = from + args.offset;
  if (to < 0 || to >= step.branches.length)
    return refused(`That branch is already ${args.offset < 0 ? 'first' : 'last'}.`);
  const branches = [...step.branches];
  [branches[from], branches[to]] = [branches[to]!, branches[from]!];
  return updateStep(def, { stepId: step.id, patch: { branches } });
}

/** Sets when a branch runs (an expression; mistakes in it show as problems, not refusals). */
export function setBranchCondition(
  def: WorkflowDefinition,
  args: { stepId: string; branchId: string; when: string },
): EditResult<WorkflowDefinition> {
  const step = stepOf(def, args.stepId, 'condition');
  if (!step?.branches.some((branch) => branch.id === args.branchId))
    return refused(missing('branch', args.branchId));
  const branches: Condition['branches'] = step.branches.map((branch) =>
    branch.id === args.branchId ? { ...branch, when: args.when } : branch,
  );
  return updateStep(def, { stepId: step.id, patch: { branches } });
}

/**
 * Switches an AI step to another task, starting from that task's defaults (each task has its
 * own outputs: labels, fields, a word limit, options); input and instructions stay.
 */
export function setAiTask(
  def: WorkflowDefinition,
  args: { stepId: string; task: AiTaskName },
): EditResult<WorkflowDefinition> {
  const step = stepOf(def, args.stepId, 'ai');
  if (!step) return refused(missing('AI step', args.stepId));
  if (step.ai.task === args.task) return edited(def);
  const settings = stepSettings(def, 'ai', { aiTask: args.task });
  if (typeof settings === 'string' || settings.kind !== 'ai') return refused(`Cannot use that task.`);
  return updateStep(def, { stepId: step.id, patch: { ai: settings.ai } });
}

/**
 * Points a record step at another app or table of the builder's. Values for fields the new
 * table also has are kept; when none are left, the first writable field starts the list (a
 * record step writes at least one field).
 */
export function retargetRecordStep(
  def: WorkflowDefinition,
  args: { stepId: string; app: WorkflowApp; tableId?: string },
): EditResult<WorkflowDefinition> {
  const found = def.steps.find((candidate) => candidate.id === args.stepId);
  if (found?.kind !== 'create_record' && found?.kind !== 'update_record')
    return refused(missing('record step', args.stepId));
  const step: RecordStep = found;
  const tableId = args.tableId ?? args.app.tables[0]?.id;
  if (tableId === undefined) return refused(`App ${args.app.label ?? args.app.id} has no tables yet.`);
  const writable = writableFields(args.app, tableId);
  if (writable.length === 0) return refused('That table has no field a workflow can write.');
  const kept = step.values.filter((value) => writable.some((field) => field.id === value.fieldId));
  const values = kept.length ? kept : [{ fieldId: writable[0]!.id, value: '""' }];
  return updateStep(def, { stepId: step.id, patch: { appId: args.app.id, tableId, values } });
}

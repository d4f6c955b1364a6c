import type { Step, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { updateStep } from '../../../model/workflow-edit.ts';
import type { Problem } from '../../../store/problems.ts';
import type { ListBinding } from '../shared/NameValueList.tsx';
import { messagesAt } from '../shared/problems.ts';
import type { CommitResult } from '../shared/use-draft.ts';
import {
  committed,
  findStep,
  type WorkflowEdit,
  type WorkflowEditResult,
} from '../shared/use-workflow-edit.ts';

/** What every kind's sub-form gets: its step, where its problems are, and how to edit it. */
export interface StepForm<S extends Step = Step> {
  step: S;
  /** `steps[i]`: the prefix of the step's problem paths. */
  prefix: string | undefined;
  problems: readonly Problem[];
  /** An edit whose refusal the panel shows (buttons, selects). */
  run: (edit: WorkflowEdit, coalesceKey?: string) => WorkflowEditResult;
  /** An edit typed into an input, which shows its own refusal. */
  runField: (edit: WorkflowEdit, coalesceKey: string) => WorkflowEditResult;
  current: () => WorkflowDefinition;
}

/** The validator's messages for one setting of the step (`path`, `values[0].value`). */
export function problemsOf(form: StepForm, setting: string): string[] {
  return messagesAt(form.problems, form.prefix === undefined ? undefined : `${form.prefix}.${setting}`);
}

/** The step as the definition holds it now (a handler must not act on the copy it rendered). */
export function latest<S extends Step>(form: StepForm<S>): S | undefined {
  const step = findStep(form.current(), form.step.id);
  return step?.kind === form.step.kind ? (step as S) : undefined;
}

/** One undo step per setting while typing: the key names the step and the setting. */
export const fieldKey = (form: StepForm, setting: string) => `step:${form.step.id}:${setting}`;

/** Patches settings of the step from a button or select (a refusal shows in the panel). */
export function patchStep(form: StepForm, patch: Record<string, unknown>): WorkflowEditResult {
  return form.run((def) => updateStep(def, { stepId: form.step.id, patch }));
}

/**
 * A typed edit of the step's settings, computed from the step as it is now, reported back as
 * what the input shows: `read` says which text the setting now holds.
 */
export function commitStep<S extends Step>(
  form: StepForm<S>,
  setting: string,
  patchOf: (step: S) => Record<string, unknown> | string,
  read: (step: S) => string,
): CommitResult {
  const step = latest(form);
  if (!step) return { ok: false, reason: 'the step is no longer in the workflow' };
  const patch = patchOf(step);
  if (typeof patch === 'string') return { ok: false, reason: patch };
  const result = form.runField((def) => updateStep(def, { stepId: step.id, patch }), fieldKey(form, setting));
  return committed(result, (def) => {
    const now = findStep(def, step.id);
    return now?.kind === step.kind ? read(now as S) : '';
  });
}

/** A top-level text setting: empty clears an optional one, so the step falls back to its default. */
export function commitText<S extends Step>(
  form: StepForm<S>,
  setting: keyof S & string,
  text: string,
  optional = false,
): CommitResult {
  const value = optional && text.trim() === '' ? undefined : text;
  return commitStep(
    form,
    setting,
    () => ({ [setting]: value }),
    (step) => {
      const held = step[setting];
      return typeof held === 'string' ? held : '';
    },
  );
}

/** A list setting of the step (query, headers, values) bound for a list editor. */
export function stepListBinding<S extends Step, T>(
  form: StepForm<S>,
  setting: string,
  readStep: (step: S) => readonly T[] | undefined,
): ListBinding<T> {
  const stepId = form.step.id;
  const edit = (next: T[] | undefined) => (def: WorkflowDefinition) =>
    updateStep(def, { stepId, patch: { [setting]: next } });
  return {
    read: (def) => {
      const step = findStep(def, stepId);
      return step?.kind === form.step.kind ? readStep(step as S) : undefined;
    },
    current: form.current,
    write: (next, typing) =>
      typing === undefined
        ? form.run(edit(next))
        : form.runField(edit(next), fieldKey(form, `${setting}${typing}`)),
    problemsAt: (sub) => problemsOf(form, `${setting}${sub}`),
  };
}

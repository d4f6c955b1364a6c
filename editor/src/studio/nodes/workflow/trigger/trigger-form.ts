import type { Trigger, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import type { Problem } from '../../../store/problems.ts';
import type { ListBinding } from '../shared/NameValueList.tsx';
import { messagesAt } from '../shared/problems.ts';
import type { CommitResult } from '../shared/use-draft.ts';
import { committed, type WorkflowEdit, type WorkflowEditResult } from '../shared/use-workflow-edit.ts';
import { updateTrigger } from './trigger-edits.ts';

/** What each trigger kind's sub-form gets: the trigger, its problems and how to edit it. */
export interface TriggerForm<T extends Trigger = Trigger> {
  trigger: T;
  problems: readonly Problem[];
  run: (edit: WorkflowEdit, coalesceKey?: string) => WorkflowEditResult;
  runField: (edit: WorkflowEdit, coalesceKey: string) => WorkflowEditResult;
  current: () => WorkflowDefinition;
}

export function triggerProblems(form: TriggerForm, setting: string): string[] {
  return messagesAt(form.problems, `trigger.${setting}`);
}

function latest<T extends Trigger>(form: TriggerForm<T>): T | undefined {
  const trigger = form.current().trigger;
  return trigger.kind === form.trigger.kind ? (trigger as T) : undefined;
}

/** Patches the trigger from a select or a button (a refusal shows in the panel). */
export function patchTrigger(form: TriggerForm, patch: Record<string, unknown>): WorkflowEditResult {
  return form.run((def) => updateTrigger(def, patch));
}

/** A typed edit of the trigger, computed from the trigger as it is now; `read` gives what the input shows. */
export function commitTrigger<T extends Trigger>(
  form: TriggerForm<T>,
  setting: string,
  patchOf: (trigger: T) => Record<string, unknown>,
  read: (trigger: T) => string,
): CommitResult {
  const trigger = latest(form);
  if (!trigger) return { ok: false, reason: 'the trigger changed kind' };
  const result = form.runField((def) => updateTrigger(def, patchOf(trigger)), `trigger:${setting}`);
  return committed(result, (def) => (def.trigger.kind === trigger.kind ? read(def.trigger as T) : ''));
}

/** A top-level text setting of the trigger; empty clears an optional one. */
export function commitTriggerText<T extends Trigger>(
  form: TriggerForm<T>,
  setting: keyof T & string,
  text: string,
  optional = false,
): CommitResult {
  return commitTrigger(
    form,
    setting,
    () => ({ [setting]: optional && text.trim() === '' ? undefined : text }),
    (now) => {
      const held = now[setting];
      return typeof held === 'string' ? held : '';
    },
  );
}

/** The polling request's query, bound for the list editor. */
export function pollingQueryBinding(
  form: TriggerForm<Extract<Trigger, { kind: 'polling' }>>,
): ListBinding<{ name: string; value: string }> {
  const read = (def: WorkflowDefinition) =>
    def.trigger.kind === 'polling' ? def.trigger.request?.query : undefined;
  const edit = (next: { name: string; value: string }[] | undefined) => (def: WorkflowDefinition) =>
    def.trigger.kind === 'polling'
      ? updateTrigger(def, { request: { ...def.trigger.request, query: next } })
      : updateTrigger(def, {});
  return {
    read,
    current: form.current,
    write: (next, typing) =>
      typing === undefined
        ? form.run(edit(next))
        : form.runField(edit(next), `trigger:request.query${typing}`),
    problemsAt: (sub) => triggerProblems(form, `request.query${sub}`),
  };
}

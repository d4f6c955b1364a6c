import type { ReactNode } from 'react';
import type { Step, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { useWorkflowStore } from '../../../canvas/store-context.tsx';
import type { StudioState } from '../../../store/store-types.ts';
import { ExpressionField } from '../shared/ExpressionField.tsx';
import { type Choice, DraftText, SelectInput } from '../shared/fields.tsx';
import { commitText, patchStep, problemsOf, type StepForm } from './step-form.ts';

type StringKeys<S> = { [K in keyof S]-?: NonNullable<S[K]> extends string ? K : never }[keyof S] & string;

/** A text setting of the step (an expression, a path): typed, applied as it is typed. */
export function StepText<S extends Step>({
  form,
  setting,
  label,
  hint,
  optional,
  expression,
  expect,
  multiline,
  mono,
  placeholder,
}: {
  form: StepForm<S>;
  setting: StringKeys<S>;
  label: string;
  hint?: ReactNode;
  /** Empty clears it (the step then does without). */
  optional?: boolean;
  /** An expression of the workflow's language (typed in the expression input). */
  expression?: boolean;
  /** What the expression must give there, as the validator expects it. */
  expect?: 'string' | 'bool';
  multiline?: boolean;
  mono?: boolean;
  placeholder?: string;
}) {
  const held = form.step[setting];
  const props = {
    label: optional ? `${label} (optional)` : label,
    value: typeof held === 'string' ? held : '',
    commit: (text: string) => commitText(form, setting, text, optional),
    hint,
    problems: problemsOf(form, setting),
    ...(placeholder === undefined ? {} : { placeholder }),
  };
  if (expression)
    return (
      <ExpressionField
        {...props}
        place={{ stepId: form.step.id, ...(expect ? { expect } : {}) }}
        {...(optional ? { optional } : {})}
      />
    );
  return <DraftText {...props} {...(multiline ? { multiline } : {})} {...(mono ? { mono } : {})} />;
}

const selectConnections = (state: StudioState<WorkflowDefinition>) => state.definition.connections;
const selectSteps = (state: StudioState<WorkflowDefinition>) => state.definition.steps;

/** The connection a call or message goes through: one the workflow declares. */
export function ConnectionPicker({ form }: { form: StepForm<Extract<Step, { connectionId: string }>> }) {
  const connections = useWorkflowStore(selectConnections) ?? [];
  const choices = connections.map((connection) => ({
    value: connection.id,
    label: `${connection.label} (${connection.provider})`,
  }));
  return (
    <SelectInput
      label="Connection"
      value={form.step.connectionId}
      choices={choices}
      hint={
        connections.length === 0
          ? 'The workflow declares no connection yet.'
          : 'Calls go only to the hosts this connection allows.'
      }
      problems={problemsOf(form, 'connectionId')}
      onChange={(connectionId) => patchStep(form, { connectionId })}
    />
  );
}

/** Every other step of the workflow, as choices of where a link leads. */
export function useStepChoices(selfId: string): Choice[] {
  const steps = useWorkflowStore(selectSteps) ?? [];
  return steps.filter((step) => step.id !== selfId).map((step) => ({ value: step.id, label: step.label }));
}

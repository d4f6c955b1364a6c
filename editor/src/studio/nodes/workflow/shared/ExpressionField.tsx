import type { ReactNode } from 'react';
import type { WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { useWorkflowStore } from '../../../canvas/store-context.tsx';
import { ExpressionInput } from '../../../expression/ExpressionInput.tsx';
import { checkSource } from '../../../expression/expression-check.ts';
import type { StudioState } from '../../../store/store-types.ts';
import { type WorkflowExpressionPlace, workflowExpressionSpec } from './expression-spec.ts';
import type { CommitResult } from './use-draft.ts';
import { useWorkflowEditing } from './workflow-context.tsx';

const selectDefinition = (state: StudioState<WorkflowDefinition>) => state.definition;

export interface ExpressionFieldProps {
  label: string;
  value: string;
  commit: (text: string) => CommitResult;
  /** Where it is typed, so it is checked as the validator checks it (undefined: not checked live). */
  place?: WorkflowExpressionPlace;
  /** Empty means "none" (and clears the setting) rather than an error. */
  optional?: boolean;
  hint?: ReactNode;
  /** The validator's problems at this setting. */
  problems?: readonly string[];
  placeholder?: string;
  rows?: number;
}

/**
 * Where every workflow expression is typed: the studio's CEL input, checked as the builder
 * types against the variables the validator gives it there (its errors underlined). Problems
 * only the whole-workflow validator can see (a step that has not run yet at this point, a list
 * expected) are listed under it, without repeating what the input already says.
 */
export function ExpressionField({
  label,
  value,
  commit,
  place,
  optional,
  hint,
  problems = [],
  placeholder,
  rows,
}: ExpressionFieldProps) {
  const definition = useWorkflowStore(selectDefinition);
  const { readOnly } = useWorkflowEditing();
  const spec = place ? workflowExpressionSpec(definition, place) : undefined;
  const held = value ?? '';
  const live = spec && !(optional && held.trim() === '') ? checkSource(held, spec) : undefined;
  const said = live && !live.ok ? live.message : undefined;
  const others = problems.filter((message) => !said || !message.startsWith(said));
  return (
    <div>
      <ExpressionInput
        label={label}
        value={held}
        spec={spec}
        onChange={(text) => {
          const result = commit(text);
          return result.ok ? undefined : `Not applied: ${result.reason}`;
        }}
        {...(optional ? { optional } : {})}
        {...(hint === undefined ? {} : { hint })}
        {...(placeholder === undefined ? {} : { placeholder })}
        // Long expressions (an AI step's input, a JSON body) open tall enough to read.
        rows={rows ?? Math.min(6, Math.max(2, Math.ceil(held.length / 36)))}
        {...(readOnly ? { disabled: true } : {})}
      />
      {others.map((message) => (
        <p key={message} className="mt-0.5 text-xs text-amber-800">
          {message}
        </p>
      ))}
    </div>
  );
}

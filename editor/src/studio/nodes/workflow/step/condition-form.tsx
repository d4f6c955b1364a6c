import { useState } from 'react';
import type { Step } from '../../../../../../schemas/definitions.ts';
import { addBranch, connectSteps, disconnectLink, renameBranch } from '../../../model/workflow-edit.ts';
import { branchLink } from '../../../model/workflow-links.ts';
import { ExpressionField } from '../shared/ExpressionField.tsx';
import { DraftText, SelectInput, SmallButton } from '../shared/fields.tsx';
import { committed } from '../shared/use-workflow-edit.ts';
import { moveBranch, setBranchCondition } from './step-edits.ts';
import { useStepChoices } from './step-fields.tsx';
import { fieldKey, problemsOf, type StepForm } from './step-form.ts';

type Condition = Extract<Step, { kind: 'condition' }>;

const END = '';

/**
 * A condition's branches, checked in order (the first whose expression holds runs): each with
 * its name, its expression and the step it leads to; add, rename, reorder and remove them, and
 * choose where the run goes when none holds.
 */
export function ConditionForm({ form }: { form: StepForm<Condition> }) {
  const { step } = form;
  const choices = useStepChoices(step.id);
  const [newTarget, setNewTarget] = useState('');
  const branchOf = (id: string) => {
    const now = form.current().steps.find((candidate) => candidate.id === step.id);
    return now?.kind === 'condition' ? now.branches.find((branch) => branch.id === id) : undefined;
  };
  const target = newTarget || choices[0]?.value || '';
  return (
    <>
      <ol className="space-y-3" aria-label="Branches, checked in order">
        {(step.branches ?? []).map((branch, index) => (
          <li key={branch.id} className="space-y-2 rounded-lg border border-neutral-200 p-2">
            <DraftText
              label={`Branch ${index + 1}: name`}
              value={branch.label}
              problems={problemsOf(form, `branches[${index}].label`)}
              commit={(label) =>
                committed(
                  form.runField(
                    (def) => renameBranch(def, { stepId: step.id, branchId: branch.id, label }),
                    fieldKey(form, `branch:${branch.id}:label`),
                  ),
                  () => branchOf(branch.id)?.label ?? '',
                )
              }
            />
            <ExpressionField
              place={{ stepId: step.id, expect: 'bool' }}
              label={`Branch ${index + 1}: runs when`}
              value={branch.when}
              problems={problemsOf(form, `branches[${index}].when`)}
              commit={(when) =>
                committed(
                  form.runField(
                    (def) => setBranchCondition(def, { stepId: step.id, branchId: branch.id, when }),
                    fieldKey(form, `branch:${branch.id}:when`),
                  ),
                  () => branchOf(branch.id)?.when ?? '',
                )
              }
            />
            <SelectInput
              label={`Branch ${index + 1}: leads to`}
              value={branch.next}
              choices={choices}
              problems={problemsOf(form, `branches[${index}].next`)}
              onChange={(to) =>
                form.run((def) => connectSteps(def, { from: step.id, link: branchLink(branch.id), to }))
              }
            />
            <div className="flex justify-end gap-1">
              <SmallButton
                label={`Move branch ${branch.label} up`}
                disabled={index === 0}
                onClick={() =>
                  form.run((def) => moveBranch(def, { stepId: step.id, branchId: branch.id, offset: -1 }))
                }
              >
                ↑
              </SmallButton>
              <SmallButton
                label={`Move branch ${branch.label} down`}
                disabled={index === (step.branches ?? []).length - 1}
                onClick={() =>
                  form.run((def) => moveBranch(def, { stepId: step.id, branchId: branch.id, offset: 1 }))
                }
              >
                ↓
              </SmallButton>
              <SmallButton
                tone="danger"
                disabled={(step.branches ?? []).length <= 1}
                label={
                  (step.branches ?? []).length <= 1
                    ? 'A condition keeps at least one branch'
                    : `Remove branch ${branch.label}`
                }
                onClick={() =>
                  form.run((def) => disconnectLink(def, { from: step.id, link: branchLink(branch.id) }))
                }
              >
                Remove
              </SmallButton>
            </div>
          </li>
        ))}
      </ol>
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <SelectInput
            label="New branch leads to"
            value={target}
            choices={choices}
            hint="It starts as false, so it never runs before you write when it runs."
            onChange={setNewTarget}
          />
        </div>
        <SmallButton
          disabled={!target || (step.branches ?? []).length >= 20}
          onClick={() => form.run((def) => addBranch(def, { stepId: step.id, to: target }))}
        >
          + Add branch
        </SmallButton>
      </div>
      <SelectInput
        label="When no branch holds"
        value={step.otherwise ?? END}
        choices={[{ value: END, label: '— end the run —' }, ...choices]}
        problems={problemsOf(form, 'otherwise')}
        onChange={(to) =>
          form.run((def) =>
            to === END
              ? disconnectLink(def, { from: step.id, link: 'otherwise' })
              : connectSteps(def, { from: step.id, link: 'otherwise', to }),
          )
        }
      />
    </>
  );
}

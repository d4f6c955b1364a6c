import type { AppDefinition, Table } from '../../../../../../schemas/definitions.ts';
import { ExpressionInput } from '../../../expression/ExpressionInput.tsx';
import { expressionSpec } from '../../../expression/expression-check.ts';
import { TextInput } from '../shared/panel-inputs.tsx';
import { iconButton, Notice, PanelSection } from '../shared/panel-shell.tsx';
import { useApplyEdit, useEditNotice } from '../shared/use-app-edit.ts';
import { addValidationRule, removeValidationRule, updateValidationRule } from './table-edits.ts';

/** Rules every row must satisfy on save: an expression that is true for a valid row, and what to tell the end user. */
export function ValidationRules({ app, table }: { app: AppDefinition; table: Table }) {
  const apply = useApplyEdit();
  const { notice, run } = useEditNotice();
  const rules = table.validationRules ?? [];
  const spec = expressionSpec(app, { kind: 'rule', tableId: table.id });
  return (
    <PanelSection
      title={`Validation rules (${rules.length})`}
      aside={
        <button
          type="button"
          onClick={() => run((d) => addValidationRule(d, { tableId: table.id }))}
          className="text-xs font-medium text-indigo-700 hover:underline"
        >
          + Add rule
        </button>
      }
    >
      {rules.length === 0 && (
        <p className="text-xs text-neutral-500">No rules: any row the fields allow is saved.</p>
      )}
      {rules.map((rule, i) => {
        const edit = (patch: { expression?: string; message?: string }, what: string) =>
          apply(
            (d) => updateValidationRule(d, { tableId: table.id, ruleId: rule.id, patch }),
            `rule:${table.id}.${rule.id}.${what}`,
          );
        return (
          <div key={rule.id} className="space-y-2 rounded-lg border border-neutral-200 p-3">
            <div className="flex items-center justify-between">
              <span className="text-xs font-medium text-neutral-600">Rule {i + 1}</span>
              <button
                type="button"
                className={iconButton}
                aria-label={`Remove rule ${i + 1}`}
                onClick={() => run((d) => removeValidationRule(d, { tableId: table.id, ruleId: rule.id }))}
              >
                ✕
              </button>
            </div>
            <ExpressionInput
              label="A row is valid when"
              value={rule.expression}
              spec={spec}
              onChange={(expression) => edit({ expression }, 'expression')}
              hint="e.g. record.end >= record.start"
            />
            <TextInput
              label="Message when it is not"
              value={rule.message}
              onCommit={(message) => edit({ message }, 'message')}
            />
          </div>
        );
      })}
      <Notice message={notice} />
    </PanelSection>
  );
}

import type { Step } from '../../../../../../schemas/definitions.ts';
import { ExpressionField } from '../shared/ExpressionField.tsx';
import { DraftText, SelectInput, SmallButton } from '../shared/fields.tsx';
import { type WorkflowApp, writableFields } from '../shared/record-targets.ts';
import { committed } from '../shared/use-workflow-edit.ts';
import { useWorkflowEditing } from '../shared/workflow-context.tsx';
import { retargetRecordStep } from './step-edits.ts';
import { StepText } from './step-fields.tsx';
import { problemsOf, type StepForm, stepListBinding } from './step-form.ts';

type RecordStep = Extract<Step, { kind: 'create_record' | 'update_record' }>;
type FieldValue = RecordStep['values'][number];

/**
 * Create or update a record in one of the builder's apps. With the apps known (from the page),
 * app, table and fields are chosen from lists; without them, typed as ids.
 */
export function RecordForm({ form }: { form: StepForm<RecordStep> }) {
  const { step } = form;
  const { apps = [] } = useWorkflowEditing();
  const app = apps.find((candidate) => candidate.id === step.appId);
  return (
    <>
      {apps.length > 0 ? (
        <SelectInput
          label="App"
          value={step.appId}
          choices={apps.map((candidate) => ({ value: candidate.id, label: candidate.label ?? candidate.id }))}
          problems={problemsOf(form, 'appId')}
          onChange={(appId) => {
            const chosen = apps.find((candidate) => candidate.id === appId);
            if (chosen) form.run((def) => retargetRecordStep(def, { stepId: step.id, app: chosen }));
          }}
        />
      ) : (
        <StepText form={form} setting="appId" label="App id" mono hint="The id of one of your apps." />
      )}
      {app ? (
        <SelectInput
          label="Table"
          value={step.tableId}
          choices={app.tables.map((table) => ({ value: table.id, label: table.label ?? table.id }))}
          problems={problemsOf(form, 'tableId')}
          onChange={(tableId) =>
            form.run((def) => retargetRecordStep(def, { stepId: step.id, app, tableId }))
          }
        />
      ) : (
        <StepText form={form} setting="tableId" label="Table id" mono />
      )}
      {step.kind === 'update_record' && (
        <StepText
          form={form as StepForm<Extract<RecordStep, { kind: 'update_record' }>>}
          setting="recordId"
          label="Record id"
          expression
          expect="string"
          hint="Which record to change, e.g. steps.find_order.body.id."
        />
      )}
      <FieldValues form={form} app={app} />
    </>
  );
}

function FieldValues({ form, app }: { form: StepForm<RecordStep>; app: WorkflowApp | undefined }) {
  const binding = stepListBinding<RecordStep, FieldValue>(form, 'values', (s) => s.values);
  const values = form.step.values ?? [];
  const fields = app ? writableFields(app, form.step.tableId) : [];
  const edit = (index: number, change: Partial<FieldValue>, setting: keyof FieldValue) => {
    const list = binding.read(binding.current()) ?? [];
    if (!list[index]) return { ok: false as const, reason: 'this value is gone' };
    const next = list.map((item, at) => (at === index ? { ...item, ...change } : item));
    return committed(
      binding.write(next, `[${index}].${setting}`),
      (def) => binding.read(def)?.[index]?.[setting] ?? '',
    );
  };
  const unused = fields.find((field) => !values.some((value) => value.fieldId === field.id));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-neutral-800">Field values</legend>
      {values.map((value, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: values have no id; the index is the row
        <div key={index} className="space-y-2 rounded-lg border border-neutral-200 p-2">
          {fields.length > 0 ? (
            <SelectInput
              label={`Value ${index + 1}: field`}
              value={value.fieldId}
              choices={fields.map((field) => ({ value: field.id, label: field.label ?? field.id }))}
              problems={binding.problemsAt(`[${index}].fieldId`)}
              onChange={(fieldId) => {
                const list = binding.read(binding.current()) ?? [];
                binding.write(list.map((item, at) => (at === index ? { ...item, fieldId } : item)));
              }}
            />
          ) : (
            <DraftText
              label={`Value ${index + 1}: field id`}
              value={value.fieldId}
              commit={(text) => edit(index, { fieldId: text }, 'fieldId')}
              problems={binding.problemsAt(`[${index}].fieldId`)}
              mono
            />
          )}
          <ExpressionField
            place={{ stepId: form.step.id }}
            label={`Value ${index + 1}: value`}
            value={value.value}
            commit={(text) => edit(index, { value: text }, 'value')}
            problems={binding.problemsAt(`[${index}].value`)}
          />
          <div className="flex justify-end">
            <SmallButton
              tone="danger"
              disabled={values.length <= 1}
              label={
                values.length <= 1 ? 'A record step writes at least one field' : `Remove value ${index + 1}`
              }
              onClick={() =>
                binding.write((binding.read(binding.current()) ?? []).filter((_, at) => at !== index))
              }
            >
              Remove
            </SmallButton>
          </div>
        </div>
      ))}
      <SmallButton
        disabled={values.length >= 100 || (fields.length > 0 && !unused)}
        onClick={() => {
          const list = binding.read(binding.current()) ?? [];
          const fieldId = unused?.id ?? `field_${list.length + 1}`;
          binding.write([...list, { fieldId, value: '""' }]);
        }}
      >
        + Add a field value
      </SmallButton>
    </fieldset>
  );
}

import type { Step } from '../../../../../../schemas/definitions.ts';
import { updateStep } from '../../../model/workflow-edit.ts';
import { CheckboxInput, DraftNumber, DraftText, SelectInput, SmallButton } from '../shared/fields.tsx';
import type { CommitResult } from '../shared/use-draft.ts';
import { commitStep, latest, problemsOf, type StepForm } from './step-form.ts';

type AiStep = Extract<Step, { kind: 'ai' }>;
type Ai = AiStep['ai'];
type Field = Extract<Ai, { task: 'extract' }>['fields'][number];

const FIELD_TYPES: { value: Field['type']; label: string }[] = [
  { value: 'string', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'date', label: 'Date' },
  { value: 'string_list', label: 'List of texts' },
];

/** A typed change of the AI task's outputs, from the step as it is now. */
function commitAi(
  form: StepForm<AiStep>,
  setting: string,
  next: (ai: Ai) => Ai,
  read: (ai: Ai) => string,
): CommitResult {
  return commitStep(
    form,
    `ai.${setting}`,
    (step) => ({ ai: next(step.ai) }),
    (step) => read(step.ai),
  );
}

/** A change from a button or a select (its refusal shows in the panel). */
function changeAi(form: StepForm<AiStep>, next: (ai: Ai) => Ai) {
  const step = latest(form);
  if (step) form.run((def) => updateStep(def, { stepId: step.id, patch: { ai: next(step.ai) } }));
}

/** The outputs of the AI step's task: labels, fields, word limit or options. */
export function AiOutputs({ form }: { form: StepForm<AiStep> }) {
  const ai = form.step.ai;
  switch (ai?.task) {
    case 'summarise':
      return (
        <DraftNumber
          label="At most"
          unit="words"
          value={ai.maxWords}
          min={10}
          max={1000}
          problems={problemsOf(form, 'ai.maxWords')}
          commit={(maxWords) =>
            commitAi(
              form,
              'maxWords',
              (now) => ({ ...now, maxWords }) as Ai,
              (now) => (now.task === 'summarise' ? String(now.maxWords) : ''),
            )
          }
        />
      );
    case 'classify':
      return <ClassifyLabels form={form} labels={ai.labels ?? []} />;
    case 'extract':
      return <ExtractFields form={form} fields={ai.fields ?? []} />;
    case 'decide':
      return <DecideOptions form={form} options={ai.options ?? []} />;
    default:
      return null;
  }
}

function ClassifyLabels({ form, labels }: { form: StepForm<AiStep>; labels: readonly string[] }) {
  const withLabels = (now: Ai, change: (list: string[]) => string[]): Ai =>
    now.task === 'classify' ? { ...now, labels: change([...now.labels]) } : now;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-neutral-800">Labels it chooses from</legend>
      {labels.map((label, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: labels are edited in place; the index is the row
        <div key={index} className="flex items-end gap-1">
          <div className="min-w-0 flex-1">
            <DraftText
              label={`Label ${index + 1}`}
              value={label}
              problems={problemsOf(form, `ai.labels[${index}]`)}
              commit={(text) =>
                commitAi(
                  form,
                  `labels[${index}]`,
                  (now) => withLabels(now, (list) => list.map((old, at) => (at === index ? text : old))),
                  (now) => (now.task === 'classify' ? (now.labels[index] ?? '') : ''),
                )
              }
            />
          </div>
          <SmallButton
            tone="danger"
            disabled={labels.length <= 2}
            label={labels.length <= 2 ? 'Classifying needs at least two labels' : `Remove label ${index + 1}`}
            onClick={() =>
              changeAi(form, (now) => withLabels(now, (list) => list.filter((_, at) => at !== index)))
            }
          >
            ✕
          </SmallButton>
        </div>
      ))}
      <SmallButton
        disabled={labels.length >= 50}
        onClick={() =>
          changeAi(form, (now) => withLabels(now, (list) => [...list, `label_${list.length + 1}`]))
        }
      >
        + Add a label
      </SmallButton>
    </fieldset>
  );
}

function ExtractFields({ form, fields }: { form: StepForm<AiStep>; fields: readonly Field[] }) {
  const withFields = (now: Ai, change: (list: Field[]) => Field[]): Ai =>
    now.task === 'extract' ? { ...now, fields: change([...now.fields]) } : now;
  const setField = (index: number, change: Partial<Field>) => (now: Ai) =>
    withFields(now, (list) =>
      list.map((field, at) => (at === index ? ({ ...field, ...change } as Field) : field)),
    );
  const read = (index: number, key: 'name' | 'description') => (now: Ai) =>
    now.task === 'extract' ? (now.fields[index]?.[key] ?? '') : '';
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-neutral-800">Fields it fills in</legend>
      {fields.map((field, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a renamed field keeps its row
        <div key={index} className="space-y-2 rounded-lg border border-neutral-200 p-2">
          <DraftText
            label={`Field ${index + 1}: name`}
            value={field.name}
            mono
            hint="Later steps read it as steps.<this step>.<name>."
            problems={problemsOf(form, `ai.fields[${index}].name`)}
            commit={(name) =>
              commitAi(form, `fields[${index}].name`, setField(index, { name }), read(index, 'name'))
            }
          />
          <SelectInput
            label={`Field ${index + 1}: type`}
            value={field.type}
            choices={FIELD_TYPES}
            onChange={(type) => changeAi(form, setField(index, { type: type as Field['type'] }))}
          />
          <DraftText
            label={`Field ${index + 1}: description (optional)`}
            value={field.description ?? ''}
            problems={problemsOf(form, `ai.fields[${index}].description`)}
            commit={(text) =>
              commitAi(
                form,
                `fields[${index}].description`,
                setField(index, { description: text.trim() === '' ? undefined : text }),
                read(index, 'description'),
              )
            }
          />
          <div className="flex items-center justify-between">
            <CheckboxInput
              label="Required"
              checked={field.required ?? false}
              onChange={(required) => changeAi(form, setField(index, { required: required || undefined }))}
            />
            <SmallButton
              tone="danger"
              disabled={fields.length <= 1}
              label={fields.length <= 1 ? 'Extracting needs at least one field' : `Remove field ${index + 1}`}
              onClick={() =>
                changeAi(form, (now) => withFields(now, (list) => list.filter((_, at) => at !== index)))
              }
            >
              Remove
            </SmallButton>
          </div>
        </div>
      ))}
      <SmallButton
        disabled={fields.length >= 50}
        onClick={() =>
          changeAi(form, (now) =>
            withFields(now, (list) => [...list, { name: `field_${list.length + 1}`, type: 'string' }]),
          )
        }
      >
        + Add a field
      </SmallButton>
    </fieldset>
  );
}

type Option = Extract<Ai, { task: 'decide' }>['options'][number];

function DecideOptions({ form, options }: { form: StepForm<AiStep>; options: readonly Option[] }) {
  const withOptions = (now: Ai, change: (list: Option[]) => Option[]): Ai =>
    now.task === 'decide' ? { ...now, options: change([...now.options]) } : now;
  const setOption = (index: number, change: Partial<Option>) => (now: Ai) =>
    withOptions(now, (list) => list.map((option, at) => (at === index ? { ...option, ...change } : option)));
  const read = (index: number, key: keyof Option) => (now: Ai) =>
    now.task === 'decide' ? (now.options[index]?.[key] ?? '') : '';
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-neutral-800">Options it decides between</legend>
      {options.map((option, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an option's id is edited here, so it cannot be the key
        <div key={index} className="space-y-2 rounded-lg border border-neutral-200 p-2">
          <DraftText
            label={`Option ${index + 1}: id`}
            value={option.id}
            mono
            problems={problemsOf(form, `ai.options[${index}].id`)}
            commit={(id) =>
              commitAi(form, `options[${index}].id`, setOption(index, { id }), read(index, 'id'))
            }
          />
          <DraftText
            label={`Option ${index + 1}: when to choose it`}
            value={option.description}
            problems={problemsOf(form, `ai.options[${index}].description`)}
            commit={(description) =>
              commitAi(
                form,
                `options[${index}].description`,
                setOption(index, { description }),
                read(index, 'description'),
              )
            }
          />
          <div className="flex justify-end">
            <SmallButton
              tone="danger"
              disabled={options.length <= 2}
              label={
                options.length <= 2 ? 'Deciding needs at least two options' : `Remove option ${index + 1}`
              }
              onClick={() =>
                changeAi(form, (now) => withOptions(now, (list) => list.filter((_, at) => at !== index)))
              }
            >
              Remove
            </SmallButton>
          </div>
        </div>
      ))}
      <SmallButton
        disabled={options.length >= 20}
        onClick={() =>
          changeAi(form, (now) =>
            withOptions(now, (list) => [
              ...list,
              { id: `option_${list.length + 1}`, description: 'When to choose this option' },
            ]),
          )
        }
      >
        + Add an option
      </SmallButton>
    </fieldset>
  );
}

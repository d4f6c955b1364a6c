import type { AppDefinition, Field, Table } from '../../../../../../schemas/definitions.ts';
import { ExpressionInput } from '../../../expression/ExpressionInput.tsx';
import { type ComputedResultType, expressionSpec } from '../../../expression/expression-check.ts';
import {
  type FieldConstraints,
  type FieldPatch,
  setFieldConstraints,
  updateField,
} from '../../../model/index.ts';
import { NumberInput, SelectInput, TextInput } from '../shared/panel-inputs.tsx';
import { useApplyEdit } from '../shared/use-app-edit.ts';
import { LinkedFieldSettings } from './field-settings-linked.tsx';
import { SelectOptionsEditor } from './select-options.tsx';

const RESULT_TYPES: { value: ComputedResultType; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'date', label: 'Date' },
  { value: 'datetime', label: 'Date and time' },
];

const DURATION_UNITS = [
  { value: 'minutes', label: 'Minutes' },
  { value: 'hours', label: 'Hours' },
  { value: 'days', label: 'Days' },
];

export interface FieldSettingsProps {
  app: AppDefinition;
  table: Table;
  field: Field;
}

/** The settings only a field of this type has: bounds, a pattern, options, a formula, a target… */
export function FieldSettings({ app, table, field }: FieldSettingsProps) {
  const apply = useApplyEdit();
  const key = `field:${table.id}.${field.id}`;
  const patch = (name: string, value: unknown) =>
    apply(
      (d) => updateField(d, { tableId: table.id, fieldId: field.id, patch: { [name]: value } as FieldPatch }),
      `${key}.${name}`,
    );
  const constrain = (constraints: FieldConstraints) =>
    apply(
      (d) => setFieldConstraints(d, { tableId: table.id, fieldId: field.id, constraints }),
      `${key}.${Object.keys(constraints)[0]}`,
    );
  const bound = (name: 'min' | 'max', label: string, value: number | undefined) => (
    <NumberInput label={label} value={value} onCommit={(next) => constrain({ [name]: next })} />
  );
  const length = (f: { minLength?: number; maxLength?: number }) => (
    <div className="grid grid-cols-2 gap-2">
      <NumberInput
        label="Fewest characters"
        value={f.minLength}
        onCommit={(next) => constrain({ minLength: next })}
      />
      <NumberInput
        label="Most characters"
        value={f.maxLength}
        onCommit={(next) => constrain({ maxLength: next })}
      />
    </div>
  );

  switch (field.type) {
    case 'text':
      return (
        <>
          {length(field)}
          <TextInput
            label="Pattern (regular expression)"
            value={field.pattern ?? ''}
            monospace
            placeholder="^[A-Z]{3}-\d+$"
            onCommit={(next) => constrain({ pattern: next === '' ? undefined : next } as FieldConstraints)}
          />
          <TextInput
            label="Message when the pattern does not match"
            value={field.patternMessage ?? ''}
            placeholder="must look like ABC-123"
            onCommit={(next) =>
              constrain({ patternMessage: next === '' ? undefined : next } as FieldConstraints)
            }
          />
        </>
      );
    case 'long_text':
      return length(field);
    case 'number':
      return (
        <div className="grid grid-cols-3 gap-2">
          {bound('min', 'Lowest', field.min)}
          {bound('max', 'Highest', field.max)}
          <NumberInput
            label="Decimals"
            value={field.precision}
            onCommit={(next) => patch('precision', next)}
          />
        </div>
      );
    case 'currency':
      return (
        <>
          <TextInput
            label="Currency (ISO code)"
            value={field.currency}
            placeholder="EUR"
            onCommit={(next) => patch('currency', next.trim().toUpperCase())}
          />
          <div className="grid grid-cols-2 gap-2">
            {bound('min', 'Lowest', field.min)}
            {bound('max', 'Highest', field.max)}
          </div>
        </>
      );
    case 'percent':
      return (
        <div className="grid grid-cols-2 gap-2">
          {bound('min', 'Lowest', field.min)}
          {bound('max', 'Highest', field.max)}
        </div>
      );
    case 'date':
    case 'datetime': {
      const example = field.type === 'date' ? '2026-01-31' : '2026-01-31T09:00:00Z';
      const date = (name: 'min' | 'max', label: string, value: string | undefined) => (
        <TextInput
          label={label}
          value={value ?? ''}
          placeholder={example}
          onCommit={(next) => constrain({ [name]: next === '' ? undefined : next })}
        />
      );
      return (
        <div className="grid grid-cols-2 gap-2">
          {date('min', 'Earliest', field.min)}
          {date('max', 'Latest', field.max)}
        </div>
      );
    }
    case 'rating':
      return (
        <NumberInput label="Stars" value={field.max} onCommit={(next) => patch('max', next)} hint="1 to 10" />
      );
    case 'duration':
      return (
        <>
          <SelectInput
            label="Shown in"
            value={field.displayUnit}
            choices={DURATION_UNITS}
            onCommit={(next) => patch('displayUnit', next)}
          />
          <div className="grid grid-cols-2 gap-2">
            {bound('min', 'Shortest (seconds)', field.min)}
            {bound('max', 'Longest (seconds)', field.max)}
          </div>
        </>
      );
    case 'single_select':
    case 'multi_select':
      return (
        <>
          <SelectOptionsEditor table={table} field={field} />
          {field.type === 'multi_select' && (
            <div className="grid grid-cols-2 gap-2">
              <NumberInput
                label="Fewest choices"
                value={field.minSelected}
                onCommit={(next) => patch('minSelected', next)}
              />
              <NumberInput
                label="Most choices"
                value={field.maxSelected}
                onCommit={(next) => patch('maxSelected', next)}
              />
            </div>
          )}
        </>
      );
    case 'attachment':
      return (
        <>
          <TextInput
            label="Allowed file types"
            value={field.allowedTypes.join(', ')}
            hint="MIME types or extensions, separated by commas: image/png, image/*, .pdf"
            onCommit={(next) =>
              patch(
                'allowedTypes',
                next
                  .split(',')
                  .map((part) => part.trim())
                  .filter(Boolean),
              )
            }
          />
          <div className="grid grid-cols-2 gap-2">
            <NumberInput
              label="Largest file (MB)"
              value={field.maxSizeMb}
              onCommit={(next) => patch('maxSizeMb', next)}
            />
            <NumberInput
              label="Most files"
              value={field.maxFiles}
              onCommit={(next) => patch('maxFiles', next)}
            />
          </div>
        </>
      );
    case 'computed':
      return (
        <>
          <ExpressionInput
            label="Formula"
            value={field.expression}
            spec={expressionSpec(app, { kind: 'computed', tableId: table.id, resultType: field.resultType })}
            onChange={(next) => patch('expression', next)}
            hint="Reads this row as record.<field id>, e.g. record.price * record.quantity"
          />
          <SelectInput
            label="Gives"
            value={field.resultType}
            choices={RESULT_TYPES}
            onCommit={(next) => patch('resultType', next)}
          />
        </>
      );
    case 'autonumber':
      return (
        <div className="grid grid-cols-2 gap-2">
          <TextInput
            label="Prefix"
            value={field.prefix ?? ''}
            placeholder="INV-"
            onCommit={(next) => patch('prefix', next === '' ? undefined : next)}
          />
          <NumberInput label="First number" value={field.start} onCommit={(next) => patch('start', next)} />
        </div>
      );
    case 'relation':
    case 'lookup':
    case 'rollup':
      return <LinkedFieldSettings app={app} table={table} field={field} />;
    default:
      return <p className="text-xs text-neutral-500">This type has no other settings.</p>;
  }
}

import {
  type AppDefinition,
  DERIVED_FIELD_TYPES,
  type Field,
  type FieldType,
  type Table,
} from '../../../../../../schemas/definitions.ts';
import {
  changeFieldType,
  fieldTypes,
  renameField,
  setFieldConstraints,
  updateField,
} from '../../../model/index.ts';
import { FIELD_TYPE_NAMES } from '../shared/field-types.ts';
import { CheckboxInput, SelectInput, TextInput } from '../shared/panel-inputs.tsx';
import { useApplyEdit } from '../shared/use-app-edit.ts';
import { DeleteFieldButton } from './delete-field-dialog.tsx';
import { FieldSettings } from './field-settings.tsx';
import { defaultFieldSpec } from './field-spec.ts';

export const TYPE_CHOICES = fieldTypes().map((type) => ({ value: type, label: FIELD_TYPE_NAMES[type] }));

/**
 * Everything about one field: its name, type, constraints and the settings of its type. A new
 * type keeps the field's id (and so its stored values) and what still fits; the model refuses a
 * change that would break a view or an expression elsewhere, and says where.
 */
export function FieldEditor({ app, table, field }: { app: AppDefinition; table: Table; field: Field }) {
  const apply = useApplyEdit();
  const ids = { tableId: table.id, fieldId: field.id };
  const key = `field:${table.id}.${field.id}`;
  const derived = DERIVED_FIELD_TYPES.has(field.type);
  const constraint = (name: 'required' | 'unique' | 'readOnly') => (checked: boolean) =>
    apply((d) => setFieldConstraints(d, { ...ids, constraints: { [name]: checked ? true : undefined } }));
  return (
    <div className="space-y-3 rounded-lg border border-neutral-200 bg-neutral-50 p-3">
      <TextInput
        label="Name"
        value={field.label}
        onCommit={(label) => apply((d) => renameField(d, { ...ids, label }), `${key}.label`)}
      />
      <SelectInput
        label="Type"
        value={field.type}
        choices={TYPE_CHOICES}
        onCommit={(type) =>
          apply((d) => {
            const current = d.tables.find((t) => t.id === table.id) ?? table;
            return changeFieldType(d, {
              ...ids,
              spec: defaultFieldSpec(d, current, type as FieldType, field.id),
            });
          })
        }
      />
      <TextInput
        label="Description"
        value={field.description ?? ''}
        multiline
        hint="Shown to end users as help under the field."
        onCommit={(description) =>
          apply(
            (d) => updateField(d, { ...ids, patch: { description: description || undefined } }),
            `${key}.description`,
          )
        }
      />
      <div className="space-y-1.5">
        {!derived && (
          <CheckboxInput
            label="Required"
            checked={field.required === true}
            onCommit={constraint('required')}
            hint="A row cannot be saved without it."
          />
        )}
        {!derived && (
          <CheckboxInput
            label="Unique"
            checked={field.unique === true}
            onCommit={constraint('unique')}
            hint="No two rows may share a value."
          />
        )}
        {!derived && (
          <CheckboxInput
            label="Read-only for end users"
            checked={field.readOnly === true}
            onCommit={constraint('readOnly')}
          />
        )}
      </div>
      <FieldSettings app={app} table={table} field={field} />
      <div className="flex justify-end">
        <DeleteFieldButton table={table} field={field} />
      </div>
    </div>
  );
}

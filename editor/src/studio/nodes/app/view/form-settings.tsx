import {
  type AppDefinition,
  DERIVED_FIELD_TYPES,
  type Table,
  type View,
} from '../../../../../../schemas/definitions.ts';
import { ExpressionInput } from '../../../expression/ExpressionInput.tsx';
import { expressionSpec } from '../../../expression/expression-check.ts';
import { CheckboxInput, SelectInput, TextInput } from '../shared/panel-inputs.tsx';
import { iconButton } from '../shared/panel-shell.tsx';
import { addLink, SectionsEditor } from './detail-settings.tsx';
import type { PatchView } from './view-settings.tsx';

type FormView = Extract<View, { kind: 'form' }>;

/** A form: what it does, its fields by section, what happens after submitting, who may use it, when fields show. */
export function FormSettings(props: { app: AppDefinition; table: Table; view: FormView; patch: PatchView }) {
  const { app, table, view, patch } = props;
  const editable = table.fields.filter((f) => !DERIVED_FIELD_TYPES.has(f.type));
  const roles = view.allowedRoles === 'anyone' ? [] : view.allowedRoles;
  const visibility = view.visibility ?? [];
  const shown = [...new Set(view.sections.flatMap((s) => s.fields))];
  const spec = expressionSpec(app, { kind: 'visibility', tableId: table.id });
  const saveVisibility = (next: typeof visibility, coalesceKey?: string) =>
    patch({ visibility: next.length ? next : undefined }, coalesceKey);
  return (
    <>
      <SelectInput
        label="The form"
        value={view.mode}
        choices={[
          { value: 'create', label: 'Adds new rows' },
          { value: 'edit', label: 'Edits existing rows' },
          { value: 'create_or_edit', label: 'Adds or edits rows' },
        ]}
        onCommit={(mode) => patch({ mode })}
      />
      <SectionsEditor sections={view.sections} fields={editable} patch={patch} viewId={view.id} />
      <TextInput
        label="Submit button"
        value={view.submit.label}
        onCommit={(label) => patch({ submit: { ...view.submit, label } }, `view:${view.id}.submit.label`)}
      />
      <SelectInput
        label="After submitting"
        value={view.submit.after}
        choices={[
          { value: 'show_message', label: 'Show a message' },
          { value: 'reset', label: 'Empty the form for the next one' },
          { value: 'open_view', label: 'Open a view' },
        ]}
        onCommit={(after) => patch({ submit: { ...view.submit, after } })}
      />
      {view.submit.after === 'show_message' && (
        <TextInput
          label="Message"
          value={view.submit.message ?? ''}
          onCommit={(message) =>
            patch(
              { submit: { ...view.submit, message: message || undefined } },
              `view:${view.id}.submit.message`,
            )
          }
        />
      )}
      {view.submit.after === 'open_view' && (
        <SelectInput
          label="View to open"
          value={view.submit.viewId}
          choices={app.views.filter((v) => v.id !== view.id).map((v) => ({ value: v.id, label: v.label }))}
          empty="Choose a view"
          onCommit={(viewId) => patch({ submit: { ...view.submit, viewId: viewId || undefined } })}
        />
      )}
      <fieldset className="space-y-1">
        <legend className="text-xs font-medium text-neutral-700">Who may submit it</legend>
        <CheckboxInput
          label="Anyone, visitors of a public app too"
          checked={view.allowedRoles === 'anyone'}
          onCommit={(anyone) => patch({ allowedRoles: anyone ? 'anyone' : [app.access.defaultRoleId] })}
        />
        {view.allowedRoles !== 'anyone' &&
          app.access.roles.map((role) => (
            <CheckboxInput
              key={role.id}
              label={role.label}
              checked={roles.includes(role.id)}
              onCommit={(on) =>
                patch({ allowedRoles: on ? [...roles, role.id] : roles.filter((r) => r !== role.id) })
              }
            />
          ))}
      </fieldset>
      <div className="space-y-2">
        <p className="text-xs font-medium text-neutral-700">Fields shown only sometimes</p>
        {visibility.map((rule, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: visibility rules have no id, and their field is edited here
          <div key={`visibility-${i}`} className="space-y-2 rounded-lg border border-neutral-200 p-3">
            <div className="flex items-end gap-1">
              <div className="min-w-0 flex-1">
                <SelectInput
                  label="Field"
                  value={rule.fieldId}
                  choices={shown.map((id) => ({
                    value: id,
                    label: table.fields.find((f) => f.id === id)?.label ?? id,
                  }))}
                  onCommit={(fieldId) =>
                    saveVisibility(visibility.map((r, j) => (j === i ? { ...r, fieldId } : r)))
                  }
                />
              </div>
              <button
                type="button"
                className={iconButton}
                aria-label={`Remove the condition of field ${i + 1}`}
                onClick={() => saveVisibility(visibility.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </div>
            <ExpressionInput
              label="Shown while"
              value={rule.visibleWhen}
              spec={spec}
              onChange={(visibleWhen) =>
                saveVisibility(
                  visibility.map((r, j) => (j === i ? { ...r, visibleWhen } : r)),
                  `view:${view.id}.visibility.${i}`,
                )
              }
              hint='e.g. record.origin == "web"'
            />
          </div>
        ))}
        {shown[0] && (
          <button
            type="button"
            className={addLink}
            onClick={() => saveVisibility([...visibility, { fieldId: shown.at(-1)!, visibleWhen: 'true' }])}
          >
            + Show a field only sometimes
          </button>
        )}
      </div>
    </>
  );
}

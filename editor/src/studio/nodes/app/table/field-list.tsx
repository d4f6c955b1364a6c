import { useId, useState } from 'react';
import type { AppDefinition, FieldType, Table } from '../../../../../../schemas/definitions.ts';
import { addField, moveField } from '../../../model/index.ts';
import { FIELD_TYPE_NAMES } from '../shared/field-types.ts';
import { FieldTypeIcon } from '../shared/node-parts.tsx';
import { controlStyles } from '../shared/panel-inputs.tsx';
import { iconButton, Notice, PanelSection } from '../shared/panel-shell.tsx';
import { useEditNotice } from '../shared/use-app-edit.ts';
import { FieldEditor, TYPE_CHOICES } from './field-editor.tsx';
import { defaultFieldSpec } from './field-spec.ts';

/**
 * The table's fields in order: add one of any type, move one up or down (buttons, so a keyboard
 * moves fields as well as a mouse), open one to edit it. Moves are announced, since the focused
 * button travels with its row and a screen reader would not otherwise say where it went.
 */
export function FieldList({ app, table }: { app: AppDefinition; table: Table }) {
  const [open, setOpen] = useState<string>();
  const [type, setType] = useState<FieldType>('text');
  const [announcement, setAnnouncement] = useState('');
  const { notice, run } = useEditNotice();
  const typeId = useId();

  const add = () => {
    const result = run((d) => {
      const current = d.tables.find((t) => t.id === table.id) ?? table;
      return addField(d, { tableId: table.id, spec: defaultFieldSpec(d, current, type) });
    });
    const created = result.ok
      ? result.created.find((c) => c.entity === 'field' && c.tableId === table.id)
      : undefined;
    if (created) setOpen(created.id);
  };
  const move = (fieldId: string, label: string, to: number) => {
    const result = run((d) => moveField(d, { tableId: table.id, fieldId, toIndex: to }));
    if (result.ok) setAnnouncement(`${label} moved to position ${to + 1} of ${table.fields.length}.`);
  };

  return (
    <PanelSection title={`Fields (${table.fields.length})`}>
      <ol className="space-y-1">
        {table.fields.map((field, i) => {
          const expanded = open === field.id;
          return (
            <li key={field.id}>
              <div className="flex items-center gap-1">
                <button
                  type="button"
                  aria-expanded={expanded}
                  aria-label={`${field.label}, ${FIELD_TYPE_NAMES[field.type] ?? field.type}${table.primaryFieldId === field.id ? ', names the rows' : ''}`}
                  onClick={() => setOpen(expanded ? undefined : field.id)}
                  className="flex min-w-0 flex-1 items-center gap-2 rounded-md px-1.5 py-1 text-left text-sm text-neutral-800 hover:bg-neutral-100"
                >
                  <FieldTypeIcon type={field.type} />
                  <span className="min-w-0 flex-1 truncate">{field.label}</span>
                  {table.primaryFieldId === field.id && (
                    <span className="text-[10px] text-neutral-500">primary</span>
                  )}
                  <span aria-hidden="true" className="text-xs text-neutral-400">
                    {expanded ? '▾' : '▸'}
                  </span>
                </button>
                <button
                  type="button"
                  className={iconButton}
                  aria-label={`Move ${field.label} up`}
                  disabled={i === 0}
                  onClick={() => move(field.id, field.label, i - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className={iconButton}
                  aria-label={`Move ${field.label} down`}
                  disabled={i === table.fields.length - 1}
                  onClick={() => move(field.id, field.label, i + 1)}
                >
                  ↓
                </button>
              </div>
              {expanded && (
                <div className="mt-1">
                  <FieldEditor app={app} table={table} field={field} />
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor={typeId} className="block text-xs font-medium text-neutral-700">
            New field of type
          </label>
          <select
            id={typeId}
            value={type}
            onChange={(event) => setType(event.target.value as FieldType)}
            className={`${controlStyles} border-neutral-300`}
          >
            {TYPE_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          onClick={add}
          className="inline-flex min-h-9 items-center rounded-lg bg-indigo-600 px-3 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
        >
          Add field
        </button>
      </div>
      <Notice message={notice} />
    </PanelSection>
  );
}

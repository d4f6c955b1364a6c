import type { AppDefinition, Field, Table, View } from '../../../../../../schemas/definitions.ts';
import { FieldIdsEditor } from '../shared/field-ids-editor.tsx';
import { SelectInput, TextInput } from '../shared/panel-inputs.tsx';
import { iconButton } from '../shared/panel-shell.tsx';
import type { PatchView } from './view-settings.tsx';

type Section = { label: string; fields: string[] };
type DetailView = Extract<View, { kind: 'detail' }>;

export const addLink = 'text-xs font-medium text-indigo-700 hover:underline';

/** Named groups of fields (a detail page's or a form's sections); there is always at least one. */
export function SectionsEditor(props: {
  sections: Section[];
  fields: readonly Field[];
  patch: PatchView;
  viewId: string;
}) {
  const { sections, fields, patch, viewId } = props;
  const save = (next: Section[], coalesceKey?: string) => patch({ sections: next }, coalesceKey);
  const change = (i: number, section: Partial<Section>, coalesceKey?: string) =>
    save(
      sections.map((s, j) => (j === i ? { ...s, ...section } : s)),
      coalesceKey,
    );
  return (
    <div className="space-y-2">
      {sections.map((section, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sections have no id, and their title is edited here
        <div key={`section-${i}`} className="space-y-2 rounded-lg border border-neutral-200 p-3">
          <div className="flex items-end gap-1">
            <div className="min-w-0 flex-1">
              <TextInput
                label={`Section ${i + 1} title`}
                value={section.label}
                onCommit={(label) => change(i, { label }, `view:${viewId}.section.${i}`)}
              />
            </div>
            <button
              type="button"
              className={iconButton}
              aria-label={`Remove section ${section.label}`}
              disabled={sections.length === 1}
              onClick={() => save(sections.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </div>
          <FieldIdsEditor
            label="Fields"
            ids={section.fields}
            fields={fields}
            max={100}
            onCommit={(ids) => change(i, { fields: ids })}
          />
        </div>
      ))}
      {sections.length < 20 && fields[0] && (
        <button
          type="button"
          className={addLink}
          onClick={() =>
            save([...sections, { label: `Section ${sections.length + 1}`, fields: [fields[0]!.id] }])
          }
        >
          + Add section
        </button>
      )}
    </div>
  );
}

/** One row, field by field, with lists of the rows related to it. */
export function DetailSettings(props: {
  app: AppDefinition;
  table: Table;
  view: DetailView;
  patch: PatchView;
}) {
  const { app, table, view, patch } = props;
  const related = view.relatedLists ?? [];
  // A related list follows a relation that reaches many rows (the validator refuses the others).
  const toMany = table.fields.filter((f) => f.type === 'relation' && f.cardinality !== 'many_to_one');
  const targetOf = (relationFieldId: string) => {
    const relation = table.fields.find((f) => f.id === relationFieldId);
    return relation?.type === 'relation'
      ? app.tables.find((t) => t.id === relation.targetTableId)
      : undefined;
  };
  const save = (next: typeof related, coalesceKey?: string) =>
    patch({ relatedLists: next.length ? next : undefined }, coalesceKey);
  return (
    <>
      <SectionsEditor sections={view.sections} fields={table.fields} patch={patch} viewId={view.id} />
      <div className="space-y-2">
        <p className="text-xs font-medium text-neutral-700">Related lists</p>
        {related.map((list, i) => {
          const target = targetOf(list.relationFieldId);
          const change = (next: Partial<(typeof related)[number]>, coalesceKey?: string) =>
            save(
              related.map((l, j) => (j === i ? { ...l, ...next } : l)),
              coalesceKey,
            );
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: related lists have no id; the index is the list in the view
            <div key={`related-${i}`} className="space-y-2 rounded-lg border border-neutral-200 p-3">
              <div className="flex items-end gap-1">
                <div className="min-w-0 flex-1">
                  <SelectInput
                    label="Rows related through"
                    value={list.relationFieldId}
                    choices={toMany.map((f) => ({ value: f.id, label: f.label }))}
                    onCommit={(relationFieldId) => {
                      const next = targetOf(relationFieldId);
                      return change({
                        relationFieldId,
                        columns: next ? [next.primaryFieldId] : list.columns,
                      });
                    }}
                  />
                </div>
                <button
                  type="button"
                  className={iconButton}
                  aria-label={`Remove related list ${i + 1}`}
                  onClick={() => save(related.filter((_, j) => j !== i))}
                >
                  ✕
                </button>
              </div>
              <TextInput
                label="Title"
                value={list.label ?? ''}
                onCommit={(label) => change({ label: label || undefined }, `view:${view.id}.related.${i}`)}
              />
              <FieldIdsEditor
                label="Columns"
                ids={list.columns}
                fields={target?.fields ?? []}
                max={20}
                onCommit={(columns) => change({ columns })}
              />
            </div>
          );
        })}
        {toMany[0] && related.length < 10 && (
          <button
            type="button"
            className={addLink}
            onClick={() => {
              const target = targetOf(toMany[0]!.id);
              save([
                ...related,
                { relationFieldId: toMany[0]!.id, columns: target ? [target.primaryFieldId] : [] },
              ]);
            }}
          >
            + Add related list
          </button>
        )}
      </div>
    </>
  );
}

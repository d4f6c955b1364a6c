import type { AppDefinition, Field, Table } from '../../../../../../schemas/definitions.ts';
import {
  type Cardinality,
  changeFieldType,
  type FieldPatch,
  setRelationCardinality,
  updateField,
} from '../../../model/index.ts';
import { CARDINALITIES, CARDINALITY_WORDS } from '../shared/field-types.ts';
import { type Choice, SelectInput } from '../shared/panel-inputs.tsx';
import { useApplyEdit } from '../shared/use-app-edit.ts';

type Linked = Extract<Field, { type: 'relation' | 'lookup' | 'rollup' }>;

const ON_DELETE: Choice[] = [
  { value: 'restrict', label: 'Refuse to delete it while rows point at it' },
  { value: 'clear', label: 'Clear the link in these rows' },
  { value: 'cascade', label: 'Delete these rows too' },
];

const AGGREGATES: Choice[] = [
  { value: 'count', label: 'Count of related rows' },
  { value: 'sum', label: 'Sum' },
  { value: 'avg', label: 'Average' },
  { value: 'min', label: 'Lowest' },
  { value: 'max', label: 'Highest' },
];

const fieldChoices = (table: Table | undefined): Choice[] =>
  (table?.fields ?? []).map((field) => ({ value: field.id, label: field.label }));

/** Settings of fields that reach into another table: where a relation leads, what a lookup or rollup reads. */
export function LinkedFieldSettings({
  app,
  table,
  field,
}: {
  app: AppDefinition;
  table: Table;
  field: Linked;
}) {
  const apply = useApplyEdit();
  const ids = { tableId: table.id, fieldId: field.id };
  const patch = (values: FieldPatch) => apply((d) => updateField(d, { ...ids, patch: values }));
  const tables = app.tables.map((t) => ({ value: t.id, label: t.label }));

  if (field.type === 'relation') {
    const target = app.tables.find((t) => t.id === field.targetTableId);
    const inverse = target?.fields.find((f) => f.id === field.inverseFieldId);
    return (
      <>
        <SelectInput
          label="Links to table"
          value={field.targetTableId}
          choices={tables}
          hint={inverse ? `Shown there as "${inverse.label}".` : undefined}
          onCommit={(targetTableId) =>
            apply((d) =>
              changeFieldType(d, {
                ...ids,
                spec: { type: 'relation', targetTableId, cardinality: field.cardinality },
              }),
            )
          }
        />
        <SelectInput
          label="How many rows it joins"
          value={field.cardinality}
          choices={CARDINALITIES.map((value) => ({
            value,
            label: `${CARDINALITY_WORDS[value]} (${cardinalityHint(value, table.label, target?.label ?? '?')})`,
          }))}
          onCommit={(next) =>
            apply((d) => setRelationCardinality(d, { ...ids, cardinality: next as Cardinality }))
          }
        />
        <SelectInput
          label={`When a ${target?.label ?? 'related'} row is deleted`}
          value={field.onTargetDelete}
          choices={ON_DELETE}
          empty="Default (clear the link)"
          onCommit={(next) => patch({ onTargetDelete: next === '' ? undefined : next })}
        />
      </>
    );
  }

  const relations = table.fields
    .filter((f) => f.type === 'relation')
    .map((f) => ({ value: f.id, label: f.label }));
  const relation = table.fields.find((f) => f.id === field.relationFieldId);
  const related =
    relation?.type === 'relation' ? app.tables.find((t) => t.id === relation.targetTableId) : undefined;
  // Choosing another relation also picks a field of its table that exists: the related primary field.
  const throughRelation = (
    <SelectInput
      label="Through the relation"
      value={field.relationFieldId}
      choices={relations}
      hint={relations.length === 0 ? 'Link this table to another one first.' : undefined}
      onCommit={(relationFieldId) => {
        const next = table.fields.find((f) => f.id === relationFieldId);
        const nextTable =
          next?.type === 'relation' ? app.tables.find((t) => t.id === next.targetTableId) : undefined;
        if (field.type === 'lookup')
          return patch({ relationFieldId, targetFieldId: nextTable?.primaryFieldId ?? field.targetFieldId });
        return patch({ relationFieldId, targetFieldId: undefined, aggregate: 'count' });
      }}
    />
  );
  if (field.type === 'lookup')
    return (
      <>
        {throughRelation}
        <SelectInput
          label={`Shows the field of ${related?.label ?? 'the related table'}`}
          value={field.targetFieldId}
          choices={fieldChoices(related)}
          onCommit={(targetFieldId) => patch({ targetFieldId })}
        />
      </>
    );
  return (
    <>
      {throughRelation}
      <SelectInput
        label="Gives"
        value={field.aggregate}
        choices={AGGREGATES}
        onCommit={(aggregate) => patch({ aggregate })}
      />
      {field.aggregate !== 'count' && (
        <SelectInput
          label={`Of the field of ${related?.label ?? 'the related table'}`}
          value={field.targetFieldId}
          choices={fieldChoices(related)}
          empty="Choose a number field"
          onCommit={(targetFieldId) =>
            patch({ targetFieldId: targetFieldId === '' ? undefined : targetFieldId })
          }
        />
      )}
    </>
  );
}

/** "each Recipe has one Cuisine" — the choice in words, both tables named. */
export function cardinalityHint(cardinality: Cardinality, from: string, to: string): string {
  switch (cardinality) {
    case 'many_to_one':
      return `each ${from} row links to one ${to} row`;
    case 'one_to_many':
      return `each ${from} row links to many ${to} rows`;
    case 'many_to_many':
      return `rows on both sides link to many`;
  }
}

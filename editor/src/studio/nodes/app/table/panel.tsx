import { DERIVED_FIELD_TYPES } from '../../../../../../schemas/definitions.ts';
import { useAppStore } from '../../../canvas/store-context.tsx';
import { parseNodeId } from '../../../graph/node-ids.ts';
import { renameTable, setPrimaryField } from '../../../model/index.ts';
import { SelectInput, TextInput } from '../shared/panel-inputs.tsx';
import { MissingPart, PanelShell } from '../shared/panel-shell.tsx';
import { useApp, useApplyEdit } from '../shared/use-app-edit.ts';
import { FieldList } from './field-list.tsx';
import { ValidationRules } from './rules.tsx';
import { StateMachineEditor } from './state-machine.tsx';
import { updateTable } from './table-edits.ts';

/** The inspector of a table: its name and look, its fields, its rules and its state machine. */
export function TablePanel({ nodeId }: { nodeId: string }) {
  const tableId = parseNodeId(nodeId)?.id ?? '';
  const app = useApp();
  const table = useAppStore((state) => state.definition.tables.find((t) => t.id === tableId));
  const apply = useApplyEdit();
  if (!table) return <MissingPart what="table" />;
  const key = `table:${table.id}`;
  // A row is named by a field a person reads; attachments and relations cannot (the model refuses them too).
  const namers = table.fields
    .filter((field) => field.type !== 'attachment' && field.type !== 'relation')
    .map((field) => ({
      value: field.id,
      label: DERIVED_FIELD_TYPES.has(field.type) ? `${field.label} (filled in)` : field.label,
    }));
  return (
    <PanelShell nodeId={nodeId} kind="Table" title={table.label}>
      <TextInput
        label="Name"
        value={table.label}
        onCommit={(label) => apply((d) => renameTable(d, { tableId: table.id, label }), `${key}.label`)}
      />
      <TextInput
        label="Description"
        value={table.description ?? ''}
        multiline
        onCommit={(description) =>
          apply((d) => updateTable(d, { tableId: table.id, patch: { description } }), `${key}.description`)
        }
      />
      <TextInput
        label="Icon"
        value={table.icon ?? ''}
        placeholder="An emoji, or an icon name like chef-hat"
        onCommit={(icon) =>
          apply((d) => updateTable(d, { tableId: table.id, patch: { icon } }), `${key}.icon`)
        }
      />
      <SelectInput
        label="Rows are named by"
        value={table.primaryFieldId}
        choices={namers}
        hint="Shown as the title of a row, in relation pickers and lookups."
        onCommit={(fieldId) => apply((d) => setPrimaryField(d, { tableId: table.id, fieldId }))}
      />
      <FieldList app={app} table={table} />
      <ValidationRules app={app} table={table} />
      <StateMachineEditor app={app} table={table} />
    </PanelShell>
  );
}

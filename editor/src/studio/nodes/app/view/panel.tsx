import { useAppStore } from '../../../canvas/store-context.tsx';
import { parseNodeId } from '../../../graph/node-ids.ts';
import { renameView, updateView } from '../../../model/index.ts';
import { VIEW_KIND_INFO } from '../shared/kinds.ts';
import { CheckboxInput, TextInput } from '../shared/panel-inputs.tsx';
import { MissingPart, Notice, PanelSection, PanelShell } from '../shared/panel-shell.tsx';
import { useApp, useApplyEdit, useEditNotice } from '../shared/use-app-edit.ts';
import { ViewPreview } from './preview.tsx';
import { setInNavigation } from './view-edits.ts';
import { type PatchView, ViewSettings } from './view-settings.tsx';

/** The inspector of a view: its name, whether the navigation lists it, and its kind's settings. */
export function ViewPanel({ nodeId }: { nodeId: string }) {
  const viewId = parseNodeId(nodeId)?.id ?? '';
  const app = useApp();
  const view = useAppStore((state) => state.definition.views.find((v) => v.id === viewId));
  const inNavigation = useAppStore((state) =>
    state.definition.navigation.some((item) => item.viewId === viewId),
  );
  const apply = useApplyEdit();
  const { notice, run } = useEditNotice();
  if (!view) return <MissingPart what="view" />;
  const table = app.tables.find((t) => t.id === view.tableId);
  const kind = VIEW_KIND_INFO[view.kind]?.name ?? view.kind;
  const patch: PatchView = (values, coalesceKey) => {
    const result = run((d) => updateView(d, { viewId: view.id, patch: values }), coalesceKey);
    return result.ok ? undefined : result.reason;
  };
  return (
    <PanelShell nodeId={nodeId} kind={`${kind} view of ${table?.label ?? view.tableId}`} title={view.label}>
      <TextInput
        label="Name"
        value={view.label}
        onCommit={(label) => apply((d) => renameView(d, { viewId: view.id, label }), `view:${view.id}.label`)}
      />
      <TextInput
        label="Description"
        value={view.description ?? ''}
        multiline
        onCommit={(description) =>
          patch({ description: description || undefined }, `view:${view.id}.description`)
        }
      />
      {view.kind !== 'detail' && (
        <CheckboxInput
          label="In the app's navigation"
          checked={inNavigation}
          hint="End users open it from the menu; the first item is the home page."
          onCommit={(on) => apply((d) => setInNavigation(d, { viewId: view.id, inNavigation: on }))}
        />
      )}
      <PanelSection title={`${kind} settings`}>
        {table ? (
          <ViewSettings app={app} table={table} view={view} patch={patch} />
        ) : (
          <p className="text-xs text-neutral-500">
            Its table "{view.tableId}" does not exist; choose another view.
          </p>
        )}
        <Notice message={notice} />
      </PanelSection>
      <ViewPreview viewId={view.id} />
    </PanelShell>
  );
}

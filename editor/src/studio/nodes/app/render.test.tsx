import { ReactFlowProvider } from '@xyflow/react';
import type { ComponentType, ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { diffDefinitions } from '../../../../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../../../../schemas/definitions.ts';
import { StudioStoreProvider } from '../../canvas/store-context.tsx';
import { appGraph } from '../../graph/app-graph.ts';
import { diffGraph } from '../../graph/diff-graph.ts';
import type { StudioGraph } from '../../graph/graph-types.ts';
import { allExampleApps, recipes } from '../../model/examples.fixture.ts';
import { deleteTable, fieldTypes, updateField } from '../../model/index.ts';
import { AppPalette } from '../../palette/app/AppPalette.tsx';
import { addFromPalette } from '../../palette/app/add-from-palette.ts';
import { createStudioStore } from '../../store/studio-store.ts';
import { AppCanvasProvider } from './app-canvas-context.tsx';
import { appRegistry } from './app-registry.ts';
import { FieldEditor } from './table/field-editor.tsx';

/**
 * Every node and every panel, drawn (to HTML, without a browser) for every example app, a diff
 * with ghosts, and drafts that break the rules: the canvas must show whatever the store holds.
 */
function page(app: AppDefinition, children: ReactNode, readOnly = false): string {
  const store = createStudioStore(app);
  return renderToStaticMarkup(
    <StudioStoreProvider store={store}>
      <AppCanvasProvider published readOnly={readOnly}>
        <ReactFlowProvider>{children}</ReactFlowProvider>
      </AppCanvasProvider>
    </StudioStoreProvider>,
  );
}

function drawAll(app: AppDefinition, graph: StudioGraph): string {
  const parts = graph.nodes.map((node) => {
    const Node = appRegistry.nodeTypes[node.type!] as ComponentType<Record<string, unknown>>;
    const Panel = appRegistry.panels[node.type!]!;
    expect(Node, node.type).toBeDefined();
    return (
      <div key={node.id}>
        <Node
          id={node.id}
          type={node.type}
          data={node.data}
          selected={false}
          isConnectable
          dragging={false}
          draggable
          selectable
          deletable
          zIndex={0}
          positionAbsoluteX={0}
          positionAbsoluteY={0}
        />
        <Panel nodeId={node.id} />
      </div>
    );
  });
  return page(app, [<AppPalette key="palette" workflows={[{ id: 'digest', label: 'Digest' }]} />, ...parts]);
}

describe('the app canvas draws any definition', () => {
  it('draws every node and panel of every example app', () => {
    for (const app of allExampleApps) {
      const html = drawAll(app, appGraph(app));
      for (const table of app.tables) expect(html).toContain(`Table ${table.label}`);
    }
  });

  it('draws a diff, its removed ghosts included, with their diff marks', () => {
    const before = recipes();
    const removed = deleteTable(before, { tableId: 'cook_log' });
    if (!removed.ok) throw new Error(removed.reason);
    const after = removed.definition;
    const graph = diffGraph(before, after, diffDefinitions(before, after));
    const html = drawAll(after, graph);
    expect(html).toContain('Table Cook log, 7 fields, removed in this version');
    expect(html).toContain('is not in the current version of the app');
  });

  it('draws drafts that break the rules: missing tables, fields and roles, wrong expressions', () => {
    const base = recipes();
    const broken = updateField(base, {
      tableId: 'recipes',
      fieldId: 'total_minutes',
      patch: { expression: 'record.nope +' },
    });
    if (!broken.ok) throw new Error(broken.reason);
    const draft = {
      ...broken.definition,
      views: [...base.views, { ...base.views[0]!, id: 'orphan', tableId: 'gone' }],
      automations: [
        ...base.automations,
        { ...base.automations[0]!, id: 'lost', tableId: 'gone' },
        {
          ...base.automations[1]!,
          id: 'odd',
          actions: [
            {
              kind: 'notify',
              channel: 'email',
              to: { kind: 'role', roleId: 'nobody' },
              subject: 's',
              body: 'b',
            },
          ],
        },
      ],
      tables: broken.definition.tables.map((table) =>
        table.id === 'ingredients'
          ? {
              ...table,
              primaryFieldId: 'gone',
              stateMachine: { fieldId: 'gone', initial: 'x', transitions: [{ id: 't', from: '*', to: 'y' }] },
            }
          : table,
      ),
    } as AppDefinition;
    const html = drawAll(draft, appGraph(draft));
    expect(html).toContain('syntax error');
    expect(html).toContain('gone (missing)');
  });

  it('draws the editor of every field, a field of every type included', () => {
    let app = recipes();
    for (const type of fieldTypes()) {
      const result = addFromPalette(app, `field:${type}`, { tableId: 'recipes' });
      if (!result.ok) throw new Error(result.reason);
      app = result.definition;
    }
    for (const example of [...allExampleApps, app]) {
      const editors = example.tables.flatMap((table) =>
        table.fields.map((field) => (
          <FieldEditor key={`${table.id}.${field.id}`} app={example} table={table} field={field} />
        )),
      );
      const html = page(example, editors);
      expect(html).toContain('Delete field');
    }
  });

  it('disables every panel control on a read-only canvas', () => {
    const app = recipes();
    const TablePanel = appRegistry.panels.table!;
    const html = page(app, <TablePanel nodeId="table:recipes" />, true);
    expect(html).toMatch(/<fieldset disabled=""/);
  });
});

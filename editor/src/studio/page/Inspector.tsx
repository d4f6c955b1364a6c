import type { ComponentType } from 'react';
import type { PanelComponent } from '../canvas/registry.ts';
import { useStudioStore } from '../canvas/store-context.tsx';
import type { StudioGraph } from '../graph/graph-types.ts';

/**
 * The inspector: the panel of the one selected node's type, or the definition's own settings
 * when nothing (or several things) is selected. Read-only for a reviewer: node panels read that
 * from their kind's context (the page provides it), the settings get it here.
 */
export function Inspector({
  graph,
  panels,
  Settings,
  id,
  readOnly = false,
}: {
  graph: StudioGraph;
  panels: Record<string, PanelComponent>;
  Settings: ComponentType<{ id: string; readOnly: boolean }>;
  id: string;
  readOnly?: boolean;
}) {
  const selected = useStudioStore((s) => s.selected);
  if (selected.length > 1)
    return (
      <div className="p-3 text-sm text-neutral-700">
        <p>{selected.length} selected.</p>
        <p className="mt-1 text-neutral-500">
          {readOnly
            ? 'Pick one to read its settings.'
            : 'Copy (Ctrl+C), delete (Delete) or drag them together; pick one to edit it.'}
        </p>
      </div>
    );
  const node = selected.length === 1 ? graph.nodes.find((n) => n.id === selected[0]) : undefined;
  const Panel = node?.type ? panels[node.type] : undefined;
  if (node && Panel) return <Panel key={node.id} nodeId={node.id} />;
  return <Settings id={id} readOnly={readOnly} />;
}

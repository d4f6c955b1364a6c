import { type DragEvent, useId, useMemo, useState } from 'react';
import type { AppDefinition } from '../../../../../schemas/definitions.ts';
import { PALETTE_MIME } from '../../canvas/StudioCanvas.tsx';
import { useAppStore, useStudioStoreApi } from '../../canvas/store-context.tsx';
import { automationNodeId, tableNodeId, viewNodeId } from '../../graph/node-ids.ts';
import type { CreatedEntity, EditResult } from '../../model/edit-result.ts';
import { useAppCanvas } from '../../nodes/app/app-canvas-context.tsx';
import { addFromPalette, paletteTable } from './add-from-palette.ts';
import { type PaletteGroup, type PaletteItem, paletteItems } from './palette-items.ts';

/** The node to select after an add: the new table, view or automation, or the table that got a field. */
function nodeOf(created: readonly CreatedEntity[]): string | undefined {
  for (const entity of created) {
    if (entity.entity === 'table') return tableNodeId(entity.id);
    if (entity.entity === 'view') return viewNodeId(entity.id);
    if (entity.entity === 'automation') return automationNodeId(entity.id);
    if (entity.entity === 'field' && entity.tableId) return tableNodeId(entity.tableId);
  }
  return undefined;
}

interface AppPaletteProps {
  /** The builder's workflows: one "start it" automation item each (none without them). */
  workflows?: readonly { id: string; label: string }[];
  /** Told about every successful add, e.g. to pan the canvas to the new node. */
  onAdded?: (result: Extract<EditResult<AppDefinition>, { ok: true }>) => void;
}

/**
 * What can be added to an app: a table, a field of each type, a view of each kind, an
 * automation of each kind. Drag an item onto the canvas (the page adds it where it is dropped),
 * or click it — Enter and Space work too — to add it to the selected table (the table of a
 * selected view or automation, else the first table). The new node is selected so its inspector
 * opens; a refusal says what is needed first.
 */
export function AppPalette({ workflows, onAdded }: AppPaletteProps) {
  const store = useStudioStoreApi<AppDefinition>();
  const { readOnly } = useAppCanvas();
  const selected = useAppStore((state) => state.selected);
  const app = useAppStore((state) => state.definition);
  const items = useMemo(() => paletteItems(workflows), [workflows]);
  const [message, setMessage] = useState<{ text: string; refused: boolean }>();
  const ids = useId();
  const tableId = paletteTable(app, selected) ?? app.tables[0]?.id;
  const tableLabel = app.tables.find((t) => t.id === tableId)?.label;

  const choose = (item: PaletteItem) => {
    const current = store.getState();
    const target = paletteTable(current.definition, current.selected);
    const result = current.apply((d) => addFromPalette(d, item.id, target ? { tableId: target } : {}));
    if (!result.ok) return setMessage({ text: result.reason, refused: true });
    const node = nodeOf(result.created);
    if (node) store.getState().select([node]);
    setMessage({ text: `Added ${item.label.toLowerCase()}.`, refused: false });
    onAdded?.(result);
  };

  const onDragStart = (event: DragEvent, item: PaletteItem) => {
    event.dataTransfer.setData(PALETTE_MIME, item.id);
    event.dataTransfer.effectAllowed = 'copy';
  };

  const button = (item: PaletteItem, compact: boolean) => (
    <button
      type="button"
      draggable={!readOnly}
      disabled={readOnly}
      title={item.blurb}
      aria-describedby={compact ? undefined : `${ids}-${item.id}`}
      onDragStart={(event) => onDragStart(event, item)}
      onClick={() => choose(item)}
      className={`flex w-full cursor-grab items-center gap-2 rounded-lg border border-neutral-200 bg-white text-left shadow-sm hover:border-indigo-300 hover:bg-indigo-50/40 active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-60 ${compact ? 'p-1.5' : 'p-2'}`}
    >
      <span
        aria-hidden="true"
        className="inline-flex h-6 w-7 shrink-0 items-center justify-center rounded-md bg-neutral-100 font-mono text-xs text-neutral-700"
      >
        {item.glyph}
      </span>
      <span className="min-w-0">
        <span className={`block truncate font-medium text-neutral-900 ${compact ? 'text-xs' : 'text-sm'}`}>
          {item.label}
          {compact && <span className="sr-only"> field</span>}
        </span>
        {!compact && (
          <span id={`${ids}-${item.id}`} className="block text-xs text-neutral-500">
            {item.blurb}
          </span>
        )}
      </span>
    </button>
  );

  const group = (name: PaletteGroup) => {
    const members = items.filter((item) => item.group === name);
    if (members.length === 0) return null;
    const compact = name === 'Fields';
    return (
      <section aria-labelledby={`${ids}-${name}`} className="space-y-1.5">
        <h3 id={`${ids}-${name}`} className="text-xs font-semibold tracking-wide text-neutral-500 uppercase">
          {name}
        </h3>
        <ul className={compact ? 'grid grid-cols-2 gap-1' : 'space-y-1'}>
          {members.map((item) => (
            <li key={item.id}>{button(item, compact)}</li>
          ))}
        </ul>
      </section>
    );
  };

  return (
    <div className="space-y-4 p-3">
      <p className="text-xs text-neutral-600">
        Drag onto the canvas, or click to add
        {tableLabel ? <> to “{tableLabel}”</> : ''}.
      </p>
      <div aria-live="polite">
        {message && (
          <p
            className={`rounded-lg p-2 text-xs ${message.refused ? 'bg-red-50 text-red-800' : 'bg-emerald-50 text-emerald-800'}`}
          >
            {message.text}
          </p>
        )}
      </div>
      {group('Tables')}
      {group('Views')}
      {group('Automations')}
      {group('Fields')}
    </div>
  );
}

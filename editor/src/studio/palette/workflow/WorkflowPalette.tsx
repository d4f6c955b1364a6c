import { type DragEvent, useId, useState } from 'react';
import type { WorkflowDefinition } from '../../../../../schemas/definitions.ts';
import { PALETTE_MIME } from '../../canvas/StudioCanvas.tsx';
import { useStudioStoreApi, useWorkflowStore } from '../../canvas/store-context.tsx';
import { stepNodeId, TRIGGER_NODE_ID } from '../../graph/node-ids.ts';
import { KindIcon } from '../../nodes/workflow/shared/KindIcon.tsx';
import { useWorkflowEditing } from '../../nodes/workflow/shared/workflow-context.tsx';
import { STEP_KIND_TONES } from '../../nodes/workflow/step/default.ts';
import type { StudioState } from '../../store/store-types.ts';
import { addFromWorkflowPalette, endOfMainPath, stepAfter } from './add-from-palette.ts';
import { WORKFLOW_PALETTE_ITEMS, type WorkflowPaletteItem } from './palette-items.ts';

const selectSelected = (state: StudioState<WorkflowDefinition>) => state.selected;
const selectTriggerKind = (state: StudioState<WorkflowDefinition>) => state.definition.trigger.kind;
const selectDefinition = (state: StudioState<WorkflowDefinition>) => state.definition;

/**
 * What can be added to a workflow: each trigger kind (choosing one replaces the trigger) and
 * each step kind. Drag an item onto the canvas, or click it (or press Enter on it) to add the
 * step after the selected step — at the end of the main path when none is selected. The new
 * step is selected, so its inspector opens; a refusal says what is needed first.
 */
export function WorkflowPalette({
  onAdded,
}: {
  /** Told the node every successful add made or changed (the new step, or the trigger), to reveal it. */
  onAdded?: (nodeId: string | undefined) => void;
}) {
  const store = useStudioStoreApi<WorkflowDefinition>();
  const selected = useWorkflowStore(selectSelected);
  const triggerKind = useWorkflowStore(selectTriggerKind);
  const definition = useWorkflowStore(selectDefinition);
  const { apps, readOnly } = useWorkflowEditing();
  const ids = useId();
  const [message, setMessage] = useState<{ text: string; refused: boolean } | undefined>();
  const after = stepAfter(selected);
  const labelOf = (id: string | undefined) => definition.steps.find((step) => step.id === id)?.label;
  const afterLabel = labelOf(after);
  const endLabel = after === undefined ? labelOf(endOfMainPath(definition)) : undefined;
  const where = afterLabel
    ? `after “${afterLabel}”`
    : endLabel
      ? `after “${endLabel}”, at the end of the main path`
      : 'unconnected, then drag a link to it';

  const choose = (item: WorkflowPaletteItem) => {
    const options = { ...(after === undefined ? {} : { afterStepId: after }), ...(apps ? { apps } : {}) };
    const result = store.getState().apply((def) => addFromWorkflowPalette(def, item.id, options));
    if (!result.ok) return setMessage({ text: result.reason, refused: true });
    const created = result.created.find((entity) => entity.entity === 'step');
    if (created) store.getState().select([stepNodeId(created.id)]);
    const label = created && result.definition.steps.find((step) => step.id === created.id)?.label;
    const done = label ? `Added “${label}”.` : `The workflow now starts with: ${item.label}.`;
    setMessage({ text: [done, ...result.warnings].join(' '), refused: false });
    onAdded?.(created ? stepNodeId(created.id) : TRIGGER_NODE_ID);
  };

  const onDragStart = (event: DragEvent, item: WorkflowPaletteItem) => {
    event.dataTransfer.setData(PALETTE_MIME, item.id);
    event.dataTransfer.effectAllowed = 'copy';
  };

  const group = (name: 'trigger' | 'step', title: string) => (
    <section aria-labelledby={`${ids}-${name}`} className="space-y-1.5">
      <h3 id={`${ids}-${name}`} className="text-xs font-semibold tracking-wide text-neutral-500 uppercase">
        {title}
      </h3>
      <ul className="space-y-1">
        {WORKFLOW_PALETTE_ITEMS.filter((item) => item.group === name).map((item) => {
          const current = item.group === 'trigger' && item.id === `trigger:${triggerKind}`;
          const tone =
            item.group === 'step'
              ? STEP_KIND_TONES[item.icon as keyof typeof STEP_KIND_TONES]
              : 'bg-indigo-600 text-white';
          return (
            <li key={item.id}>
              <button
                type="button"
                draggable={!readOnly}
                disabled={readOnly}
                aria-current={current || undefined}
                aria-describedby={`${ids}-${item.id}-hint`}
                onDragStart={(event) => onDragStart(event, item)}
                onClick={() => choose(item)}
                className="flex w-full cursor-grab items-start gap-2 rounded-lg border border-neutral-200 bg-white p-2 text-left shadow-sm hover:border-indigo-300 hover:bg-indigo-50/40 active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-60"
              >
                <span className={`mt-0.5 shrink-0 rounded-md p-1 ${tone}`}>
                  <KindIcon name={item.icon} />
                </span>
                <span className="min-w-0">
                  <span className="block text-sm font-medium text-neutral-900">
                    {item.label}
                    {current && <span className="ml-1.5 text-xs font-normal text-indigo-700">(current)</span>}
                  </span>
                  <span id={`${ids}-${item.id}-hint`} className="block text-xs text-neutral-500">
                    {item.hint}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );

  return (
    <div className="space-y-4 p-3">
      <p className="text-xs text-neutral-600">Drag onto the canvas, or click to add a step {where}.</p>
      <div aria-live="polite">
        {message && (
          <p
            className={`rounded-lg p-2 text-xs ${message.refused ? 'bg-red-50 text-red-800' : 'bg-emerald-50 text-emerald-800'}`}
          >
            {message.text}
          </p>
        )}
      </div>
      {group('trigger', 'Trigger')}
      {group('step', 'Steps')}
    </div>
  );
}

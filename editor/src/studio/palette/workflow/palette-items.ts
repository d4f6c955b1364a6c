import type { StepKind } from '../../../../../schemas/definitions.ts';
import {
  STEP_KIND_LABELS,
  STEP_KINDS,
  TRIGGER_KINDS,
  type TriggerKind,
} from '../../model/workflow-defaults.ts';
import type { WorkflowIconName } from '../../nodes/workflow/shared/KindIcon.tsx';
import { STEP_KIND_HINTS } from '../../nodes/workflow/step/default.ts';
import { TRIGGER_KIND_HINTS, TRIGGER_KIND_LABELS } from '../../nodes/workflow/trigger/default.ts';

/** A palette item's id, as the drag payload carries it: `step:<kind>` or `trigger:<kind>`. */
export type WorkflowPaletteItemId = `step:${StepKind}` | `trigger:${TriggerKind}`;

export type PaletteChoice = { group: 'step'; kind: StepKind } | { group: 'trigger'; kind: TriggerKind };

export interface WorkflowPaletteItem {
  id: WorkflowPaletteItemId;
  group: 'step' | 'trigger';
  label: string;
  hint: string;
  icon: WorkflowIconName;
}

/** Every trigger kind (a workflow has one trigger: choosing one replaces it), then every step kind. */
export const WORKFLOW_PALETTE_ITEMS: readonly WorkflowPaletteItem[] = [
  ...TRIGGER_KINDS.map(
    (kind): WorkflowPaletteItem => ({
      id: `trigger:${kind}`,
      group: 'trigger',
      label: TRIGGER_KIND_LABELS[kind],
      hint: TRIGGER_KIND_HINTS[kind],
      icon: `trigger:${kind}`,
    }),
  ),
  ...STEP_KINDS.map(
    (kind): WorkflowPaletteItem => ({
      id: `step:${kind}`,
      group: 'step',
      label: STEP_KIND_LABELS[kind],
      hint: STEP_KIND_HINTS[kind],
      icon: kind,
    }),
  ),
];

/** What a palette item id stands for, or undefined for an id this palette never made. */
export function parsePaletteItem(itemId: string): PaletteChoice | undefined {
  const [group, kind] = itemId.split(':');
  if (group === 'step' && STEP_KINDS.includes(kind as StepKind)) return { group, kind: kind as StepKind };
  if (group === 'trigger' && TRIGGER_KINDS.includes(kind as TriggerKind))
    return { group, kind: kind as TriggerKind };
  return undefined;
}

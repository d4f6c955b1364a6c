import type { StepKind } from '../../../../../../schemas/definitions.ts';
import type { TriggerKind } from '../../../model/workflow-defaults.ts';

/** Every icon a workflow node or palette item shows: a step kind, or a trigger kind. */
export type WorkflowIconName = StepKind | `trigger:${TriggerKind}`;

// Hand-drawn 24×24 stroke paths: the studio ships no icon library, and these few are all it needs.
const PATHS: Record<WorkflowIconName, string[]> = {
  call_api: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18', 'M3 12h18', 'M12 3c3 3.2 3 14.8 0 18c-3-3.2-3-14.8 0-18'],
  send_message: ['M22 2 11 13', 'M22 2 15 22 11 13 2 9z'],
  create_record: [
    'M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z',
    'M12 8v8M8 12h8',
  ],
  update_record: ['M4 20h4L19 9l-4-4L4 16z', 'M13 7l4 4'],
  state_get: [
    'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3',
    'M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6',
    'M12 11v6m-3-3 3 3 3-3',
  ],
  state_set: ['M5 3h11l3 3v15H5z', 'M8 3v5h7V3', 'M8 21v-7h8v7'],
  ai: [
    'M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8z',
    'M19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z',
  ],
  map: ['M4 6h7', 'M4 12h7', 'M4 18h7', 'M14 6h6', 'M14 12h6', 'M14 18h6'],
  condition: ['M6 3v18', 'M6 15c0-5 12-3 12-8', 'M15 4l3 3 3-3'],
  for_each: ['M17 2l4 4-4 4', 'M3 11V9a3 3 0 0 1 3-3h15', 'M7 22l-4-4 4-4', 'M21 13v2a3 3 0 0 1-3 3H3'],
  respond: ['M9 17l-5-5 5-5', 'M4 12h11a5 5 0 0 1 5 5v2'],
  'trigger:cron': ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18', 'M12 7v5l3 2'],
  'trigger:webhook': ['M13 2 3 14h9l-1 8 10-12h-9z'],
  'trigger:message': ['M22 12h-6l-2 3h-4l-2-3H2', 'M5.5 5h13L22 12v6a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-6z'],
  'trigger:polling': ['M21 12a9 9 0 1 1-2.6-6.4L21 8', 'M21 3v5h-5'],
};

/** A decorative icon: the kind is always written next to it, so it is hidden from screen readers. */
export function KindIcon({ name, className }: { name: WorkflowIconName; className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      className={className ?? 'size-4'}
    >
      {PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

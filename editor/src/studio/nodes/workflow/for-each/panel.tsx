import { StepPanel } from '../step/panel.tsx';

/**
 * A for-each is a step: its inspector is the step panel, which shows the loop's own settings
 * (items, limit, body) from `settings-form.tsx` in this folder.
 */
export function ForEachPanel({ nodeId }: { nodeId: string }) {
  return <StepPanel nodeId={nodeId} />;
}

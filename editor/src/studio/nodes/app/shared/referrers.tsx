import type { AppDefinition, Automation } from '../../../../../../schemas/definitions.ts';
import { useStudioStoreApi } from '../../../canvas/store-context.tsx';
import { automationNodeId } from '../../../graph/node-ids.ts';
import { PanelSection } from './panel-shell.tsx';

/** The automations that point at a reference node, each a button that selects it on the canvas. */
export function AutomationsUsing({
  automations,
  empty,
}: {
  automations: readonly Automation[];
  empty: string;
}) {
  const store = useStudioStoreApi<AppDefinition>();
  return (
    <PanelSection title="Used by">
      {automations.length === 0 && <p className="text-xs text-neutral-500">{empty}</p>}
      <ul className="space-y-1">
        {automations.map((automation) => (
          <li key={automation.id}>
            <button
              type="button"
              onClick={() => store.getState().select([automationNodeId(automation.id)])}
              className="text-left text-sm text-indigo-700 hover:underline"
            >
              {automation.label}
            </button>
          </li>
        ))}
      </ul>
      <p className="text-xs text-neutral-500">Change what an automation does in its own panel.</p>
    </PanelSection>
  );
}

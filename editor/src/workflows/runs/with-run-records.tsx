import type { PanelComponent } from '../../studio/canvas/registry.ts';
import { StepRunRecords } from './StepRunRecords.tsx';

/** A node's inspector panel with the selected run's records for that node above its settings. */
export function withRunRecords(Panel: PanelComponent): PanelComponent {
  function WithRunRecords({ nodeId }: { nodeId: string }) {
    return (
      <>
        <StepRunRecords nodeId={nodeId} />
        <Panel nodeId={nodeId} />
      </>
    );
  }
  WithRunRecords.displayName = `WithRunRecords(${Panel.displayName ?? Panel.name ?? 'Panel'})`;
  return WithRunRecords;
}

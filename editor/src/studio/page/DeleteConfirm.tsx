import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { Button } from '../../components/Button.tsx';
import { buttonStyles } from '../../components/button-styles.ts';
import type { RemovedReference } from '../model/edit-result.ts';

/**
 * Before deleting from the canvas: what else goes with it (a relation's other side, view columns,
 * role permissions…). Undo brings all of it back, and a published version keeps its stored data
 * until a new version is published.
 */
export function DeleteConfirm({
  count,
  removed,
  noun,
  onCancel,
  onConfirm,
}: {
  count: number;
  removed: readonly RemovedReference[];
  noun: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onCancel()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <AlertDialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[85dvh] w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold text-neutral-900">
            Delete {count === 1 ? 'this part' : `${count} parts`} of the {noun}?
          </AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-neutral-600">
            {removed.length > 0 ? 'This also changes:' : 'Nothing else refers to it.'} You can undo it
            (Ctrl+Z).
          </AlertDialog.Description>
          {removed.length > 0 && (
            <ul className="mt-3 max-h-60 list-disc space-y-1 overflow-y-auto pl-5 text-sm text-neutral-800">
              {removed.map((r) => (
                <li key={`${r.entity}:${r.id}:${r.summary}`}>{r.summary}</li>
              ))}
            </ul>
          )}
          <p className="mt-3 text-sm text-neutral-600">
            Rows already stored keep their values; end users see the change once you publish it.
          </p>
          <div className="mt-6 flex justify-end gap-3">
            <AlertDialog.Cancel className={buttonStyles.secondary}>Cancel</AlertDialog.Cancel>
            <Button variant="danger" onClick={onConfirm} autoFocus>
              Delete
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useMemo, useState } from 'react';
import type { Field, Table } from '../../../../../../schemas/definitions.ts';
import { Button } from '../../../../components/Button.tsx';
import { buttonStyles } from '../../../../components/button-styles.ts';
import { deleteField } from '../../../model/index.ts';
import { useAppCanvas } from '../app-canvas-context.tsx';
import { useApp, useApplyEdit } from '../shared/use-app-edit.ts';

/**
 * Deleting a field, after saying what goes with it: the edit is worked out (not applied) when
 * the dialog opens, so the list is exactly what confirming removes — view columns, lookups, the
 * other side of a relation — or why it cannot be deleted yet. A published app also keeps the
 * stored values in its rows; the builder is told end users stop seeing them.
 */
export function DeleteFieldButton({ table, field }: { table: Table; field: Field }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const { published } = useAppCanvas();
  const app = useApp();
  const apply = useApplyEdit();
  const args = { tableId: table.id, fieldId: field.id };
  const preview = useMemo(
    () => (open ? deleteField(app, { tableId: table.id, fieldId: field.id }) : undefined),
    [open, app, table.id, field.id],
  );

  const confirm = () => {
    const reason = apply((d) => deleteField(d, args));
    if (reason) setError(reason);
    else setOpen(false);
  };

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(undefined);
      }}
    >
      <AlertDialog.Trigger asChild>
        <button type="button" className={`${buttonStyles.dangerGhost} min-h-8 px-2 py-1 text-xs`}>
          Delete field
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <AlertDialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[85dvh] w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold text-neutral-900">
            Delete the field “{field.label}” of {table.label}?
          </AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="mt-2 space-y-3 text-sm text-neutral-600">
              {preview && !preview.ok ? (
                <p className="rounded-lg bg-red-50 p-3 text-red-800">{preview.reason}</p>
              ) : preview && preview.removed.length > 0 ? (
                <>
                  <p>This also changes:</p>
                  <ul className="list-disc space-y-1 pl-5">
                    {preview.removed.map((item, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: one part can lose several references; the list is read, never edited
                      <li key={`${item.entity}:${item.id}:${i}`}>{item.summary}</li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>Nothing else in the app uses it.</p>
              )}
              {published && (
                <p className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-amber-900">
                  This app is published. The values already stored in this field stay in the rows, but end
                  users stop seeing them once this change is published.
                </p>
              )}
              <p className="text-xs text-neutral-500">You can undo this with Ctrl+Z (⌘Z).</p>
            </div>
          </AlertDialog.Description>
          {error && (
            <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-800">
              {error}
            </p>
          )}
          <div className="mt-6 flex justify-end gap-3">
            <AlertDialog.Cancel className={buttonStyles.secondary}>Cancel</AlertDialog.Cancel>
            <Button variant="danger" onClick={confirm} disabled={!preview?.ok}>
              Delete field
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

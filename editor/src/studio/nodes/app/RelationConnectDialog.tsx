import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useState } from 'react';
import type { AppDefinition } from '../../../../../schemas/definitions.ts';
import { Button } from '../../../components/Button.tsx';
import { buttonStyles } from '../../../components/button-styles.ts';
import { useStudioStoreApi } from '../../canvas/store-context.tsx';
import { type Cardinality, connectRelation, type EditResult } from '../../model/index.ts';
import type { RelationEnds } from './relation-connect.ts';
import { CARDINALITIES, CARDINALITY_WORDS } from './shared/field-types.ts';
import { controlStyles } from './shared/panel-inputs.tsx';
import { useApp } from './shared/use-app-edit.ts';
import { cardinalityHint } from './table/field-settings-linked.tsx';

interface RelationConnectDialogProps {
  /** The rows the builder joined (from `relationEnds`); null keeps the dialog closed. */
  ends: RelationEnds | null;
  onClose: () => void;
  /** The relation was made: the page may select or reveal the new fields. */
  onConnected?: (result: Extract<EditResult<AppDefinition>, { ok: true }>) => void;
}

/**
 * Asks how many rows a new relation joins, in the two tables' own words, and names both sides
 * before creating it (one undoable edit: the relation and its other side).
 */
export function RelationConnectDialog({ ends, onClose, onConnected }: RelationConnectDialogProps) {
  const app = useApp();
  const store = useStudioStoreApi<AppDefinition>();
  const [cardinality, setCardinality] = useState<Cardinality>('many_to_one');
  const [label, setLabel] = useState('');
  const [inverseLabel, setInverseLabel] = useState('');
  const [error, setError] = useState<string>();
  const labelId = useId();
  const inverseId = useId();
  const source = app.tables.find((t) => t.id === ends?.source.tableId);
  const target = app.tables.find((t) => t.id === ends?.target.tableId);

  // Each new pair of rows starts from the usual choice and names taken from the tables.
  useEffect(() => {
    if (!ends) return;
    setCardinality('many_to_one');
    setLabel(target?.label ?? '');
    setInverseLabel(source?.label ?? '');
    setError(undefined);
  }, [ends, source?.label, target?.label]);

  const confirm = () => {
    if (!ends) return;
    const result = store.getState().apply((d) =>
      connectRelation(d, {
        ...ends,
        cardinality,
        ...(label.trim() ? { label } : {}),
        ...(inverseLabel.trim() ? { inverseLabel } : {}),
      }),
    );
    if (!result.ok) return setError(result.reason);
    onConnected?.(result);
    onClose();
  };

  const open = ends !== null && source !== undefined && target !== undefined;
  const sourceField = source?.fields.find((f) => f.id === ends?.source.fieldId);
  const targetField = target?.fields.find((f) => f.id === ends?.target.fieldId);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold text-neutral-900">
            Link {source?.label} to {target?.label}
          </Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-neutral-600">
            From “{sourceField?.label}” to “{targetField?.label}”. Each table gets a field showing the other.
          </Dialog.Description>
          <fieldset className="mt-4 space-y-2">
            <legend className="text-sm font-medium text-neutral-800">How many rows does it join?</legend>
            {CARDINALITIES.map((choice) => (
              <label
                key={choice}
                className={`flex cursor-pointer gap-3 rounded-lg border p-3 text-sm ${cardinality === choice ? 'border-indigo-500 bg-indigo-50' : 'border-neutral-200 hover:bg-neutral-50'}`}
              >
                <input
                  type="radio"
                  name="cardinality"
                  value={choice}
                  checked={cardinality === choice}
                  onChange={() => setCardinality(choice)}
                  className="mt-0.5"
                />
                <span>
                  <span className="block font-medium text-neutral-900">{CARDINALITY_WORDS[choice]}</span>
                  <span className="block text-neutral-600">
                    {cardinalityHint(choice, source?.label ?? '', target?.label ?? '')}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="mt-4 grid grid-cols-2 gap-3">
            <div className="space-y-1">
              <label htmlFor={labelId} className="block text-xs font-medium text-neutral-700">
                Field in {source?.label}
              </label>
              <input
                id={labelId}
                value={label}
                onChange={(e) => setLabel(e.target.value)}
                className={`${controlStyles} border-neutral-300`}
              />
            </div>
            <div className="space-y-1">
              <label htmlFor={inverseId} className="block text-xs font-medium text-neutral-700">
                Field in {target?.label}
              </label>
              <input
                id={inverseId}
                value={inverseLabel}
                onChange={(e) => setInverseLabel(e.target.value)}
                className={`${controlStyles} border-neutral-300`}
              />
            </div>
          </div>
          {error && (
            <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-800">
              {error}
            </p>
          )}
          <div className="mt-6 flex justify-end gap-3">
            <Dialog.Close className={buttonStyles.secondary}>Cancel</Dialog.Close>
            <Button onClick={confirm}>Create relation</Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

import * as Dialog from '@radix-ui/react-dialog';
import type { FormEvent, ReactNode } from 'react';
import { Button } from './Button.tsx';
import { buttonStyles } from './button-styles.ts';

interface CreateDialogProps {
  triggerLabel: string;
  title: string;
  description: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pending: boolean;
  /** A failure not shown next to a field. */
  error: string | null;
  submitDisabled: boolean;
  onSubmit: (event: FormEvent) => void;
  /** The form's fields. */
  children: ReactNode;
}

/**
 * "New app" and "New workflow": a button that opens a form in a Radix dialog, which stays open
 * (and cannot be closed) while the request runs, and says what went wrong.
 */
export function CreateDialog(props: CreateDialogProps) {
  return (
    <Dialog.Root open={props.open} onOpenChange={(next) => !props.pending && props.onOpenChange(next)}>
      <Dialog.Trigger asChild>
        <Button>{props.triggerLabel}</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold text-neutral-900">{props.title}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-neutral-600">
            {props.description}
          </Dialog.Description>
          <form className="mt-5 space-y-4" onSubmit={props.onSubmit}>
            {props.children}
            {props.error && (
              <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
                {props.error}
              </p>
            )}
            <div className="flex justify-end gap-3 pt-2">
              <Dialog.Close className={buttonStyles.secondary} disabled={props.pending}>
                Cancel
              </Dialog.Close>
              <Button type="submit" pending={props.pending} disabled={props.submitDisabled}>
                Create and open
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

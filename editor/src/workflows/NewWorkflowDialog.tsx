import * as Dialog from '@radix-ui/react-dialog';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import type { WorkflowDefinition } from '../../../schemas/definitions.ts';
import { errorMessage } from '../api/api-error.ts';
import { useCreateWorkflow } from '../api/workflows.ts';
import { BLANK_TEMPLATE, TemplatePicker } from '../apps/TemplatePicker.tsx';
import { workflowTemplates } from '../apps/templates.ts';
import { Button } from '../components/Button.tsx';
import { buttonStyles } from '../components/button-styles.ts';
import { TextField } from '../components/FormField.tsx';
import { blankWorkflow } from './blank-workflow.ts';

/** Starts a workflow, blank or from an example, and opens it on the canvas. */
export function NewWorkflowDialog() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [start, setStart] = useState(BLANK_TEMPLATE);
  const create = useCreateWorkflow();
  const navigate = useNavigate();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    let definition: WorkflowDefinition = blankWorkflow(trimmed);
    const template = workflowTemplates.find((t) => t.id === start);
    if (template) definition = { ...(await template.load()), name: trimmed };
    create.mutate(definition, { onSuccess: (workflow) => navigate(`/app/workflows/${workflow.id}`) });
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (create.isPending) return;
        setOpen(next);
        if (!next) create.reset();
      }}
    >
      <Dialog.Trigger asChild>
        <Button>New workflow</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold text-neutral-900">New workflow</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-neutral-600">
            Name it, then start blank or from an example. It runs only once you activate it.
          </Dialog.Description>
          <form className="mt-5 space-y-4" onSubmit={(e) => void onSubmit(e)}>
            <TextField
              label="Name"
              value={name}
              required
              maxLength={120}
              autoFocus
              onChange={(e) => setName(e.target.value)}
            />
            <TemplatePicker
              ids={workflowTemplates.map((t) => t.id)}
              value={start}
              onChange={setStart}
              blankLabel="Blank workflow"
            />
            {create.error && (
              <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
                {errorMessage(create.error)}
              </p>
            )}
            <div className="flex justify-end gap-3 pt-2">
              <Dialog.Close className={buttonStyles.secondary} disabled={create.isPending}>
                Cancel
              </Dialog.Close>
              <Button type="submit" pending={create.isPending} disabled={!name.trim()}>
                Create and open
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import type { WorkflowDefinition } from '../../../schemas/definitions.ts';
import { errorMessage } from '../api/api-error.ts';
import { useCreateWorkflow } from '../api/workflows.ts';
import { BLANK_TEMPLATE, TemplatePicker } from '../apps/TemplatePicker.tsx';
import { workflowTemplates } from '../apps/templates.ts';
import { CreateDialog } from '../components/CreateDialog.tsx';
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
    <CreateDialog
      triggerLabel="New workflow"
      title="New workflow"
      description="Name it, then start blank or from an example. It runs only once you activate it."
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) create.reset();
      }}
      pending={create.isPending}
      error={create.error ? errorMessage(create.error) : null}
      submitDisabled={!name.trim()}
      onSubmit={(e) => void onSubmit(e)}
    >
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
    </CreateDialog>
  );
}

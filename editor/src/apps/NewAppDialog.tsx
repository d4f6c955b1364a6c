import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { useCreateApp } from '../api/apps.ts';
import { CreateDialog } from '../components/CreateDialog.tsx';
import { TextField } from '../components/FormField.tsx';
import { BLANK_TEMPLATE, TemplatePicker } from './TemplatePicker.tsx';
import { appTemplates, blankApp, slugFrom } from './templates.ts';

/**
 * Starts an app: a name (its address follows from it) and where to start from, a blank app or
 * one of the example apps. Opens the new app on the canvas.
 */
export function NewAppDialog() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [start, setStart] = useState(BLANK_TEMPLATE);
  const create = useCreateApp();
  const navigate = useNavigate();
  const effectiveSlug = slugEdited ? slug : slugFrom(name);
  const error = create.error;
  const fieldError = (path: string) =>
    error instanceof ApiError
      ? (error.issueFor(path) ??
        (error.code === 'slug_taken' && path === 'definition.slug' ? error.message : undefined))
      : undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    let definition: AppDefinition = blankApp(trimmed, effectiveSlug);
    if (start !== BLANK_TEMPLATE) {
      const template = appTemplates.find((t) => t.id === start);
      if (template) definition = { ...(await template.load()), name: trimmed, slug: effectiveSlug };
    }
    create.mutate(definition, { onSuccess: (app) => navigate(`/app/apps/${app.id}`) });
  }

  const nameError = fieldError('definition.name');
  const slugError = fieldError('definition.slug');
  return (
    <CreateDialog
      triggerLabel="New app"
      title="New app"
      description="Name it, then start blank or from an example. You can change everything on the canvas."
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) create.reset();
      }}
      pending={create.isPending}
      error={error && !nameError && !slugError ? errorMessage(error) : null}
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
        error={nameError}
      />
      <TextField
        label="Address"
        value={effectiveSlug}
        maxLength={63}
        pattern="[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
        hint="Lower-case letters, digits and dashes: where end users open it, /u/you/…"
        onChange={(e) => {
          setSlugEdited(true);
          setSlug(e.target.value);
        }}
        error={slugError}
      />
      <TemplatePicker
        ids={appTemplates.map((t) => t.id)}
        value={start}
        onChange={setStart}
        blankLabel="Blank app"
      />
    </CreateDialog>
  );
}

import * as Dialog from '@radix-ui/react-dialog';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { useCreateApp } from '../api/apps.ts';
import { Button } from '../components/Button.tsx';
import { buttonStyles } from '../components/button-styles.ts';
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
        <Button>New app</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold text-neutral-900">New app</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-neutral-600">
            Name it, then start blank or from an example. You can change everything on the canvas.
          </Dialog.Description>
          <form className="mt-5 space-y-4" onSubmit={(e) => void onSubmit(e)}>
            <TextField
              label="Name"
              value={name}
              required
              maxLength={120}
              autoFocus
              onChange={(e) => setName(e.target.value)}
              error={fieldError('definition.name')}
            />
            <TextField
              label="Address"
              value={effectiveSlug}
              maxLength={63}
              pattern="[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
              hint="Lower-case letters, digits and dashes: where end users open it, /u/you/…"
              onChange={(e) => {
                setSlugEdited(true);
                setSlug(e.target.value);
              }}
              error={fieldError('definition.slug')}
            />
            <TemplatePicker
              ids={appTemplates.map((t) => t.id)}
              value={start}
              onChange={setStart}
              blankLabel="Blank app"
            />
            {error && !fieldError('definition.name') && !fieldError('definition.slug') && (
              <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
                {errorMessage(error)}
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

import { type FormEvent, useState } from 'react';
import { CreateFeatureBody, FeatureMode } from '../../../schemas/index.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { useCreateFeature } from '../api/features.ts';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { SelectField, TextField } from '../components/FormField.tsx';
import { modeLabels } from '../lib/feature-labels.ts';

/** The select's value for "no mode": the BA agent recommends one during the chat. */
const RECOMMEND = '';

export function CreateFeatureForm({ atLimit }: { atLimit: boolean }) {
  const createFeature = useCreateFeature();
  const [title, setTitle] = useState('');
  const [mode, setMode] = useState<string>(RECOMMEND);
  const [titleError, setTitleError] = useState<string>();

  const serverError = createFeature.error;
  const serverTitleError = serverError instanceof ApiError ? serverError.issueFor('title') : undefined;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsedMode = FeatureMode.safeParse(mode);
    const body = CreateFeatureBody.safeParse({
      title,
      ...(parsedMode.success ? { mode: parsedMode.data } : {}),
    });
    if (!body.success) {
      createFeature.reset();
      setTitleError(`Title ${body.error.issues[0]?.message ?? 'is not valid'}`);
      return;
    }
    setTitleError(undefined);
    createFeature.mutate(body.data, {
      onSuccess: () => {
        setTitle('');
        setMode(RECOMMEND);
      },
    });
  }

  return (
    <section
      aria-labelledby="create-feature-heading"
      className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm"
    >
      <h2 id="create-feature-heading" className="font-semibold text-neutral-900">
        New feature
      </h2>
      <p className="mt-1 text-sm text-neutral-600">
        Give it a working title; you will describe the details to the BA agent in chat.
      </p>
      <form
        noValidate
        onSubmit={onSubmit}
        className="mt-4 grid gap-4 sm:grid-cols-[1fr_16rem_auto] sm:items-start"
      >
        <TextField
          label="Feature title"
          name="title"
          placeholder="e.g. Track equipment loans"
          maxLength={200}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          error={titleError ?? serverTitleError}
        />
        <SelectField
          label="Output mode"
          name="mode"
          value={mode}
          onChange={(event) => setMode(event.target.value)}
        >
          <option value={RECOMMEND}>Let the BA agent recommend</option>
          {FeatureMode.options.map((option) => (
            <option key={option} value={option}>
              {modeLabels[option]}
            </option>
          ))}
        </SelectField>
        <Button type="submit" pending={createFeature.isPending} className="sm:mt-6.5">
          Create feature
        </Button>
      </form>
      {atLimit && !serverError && (
        <p className="mt-3 text-sm text-amber-800">
          You have reached your plan's limit of active features. Delete one, or finish it, to start another.
        </p>
      )}
      {serverError && !serverTitleError && (
        <div className="mt-4">
          <ErrorAlert title="Could not create the feature" message={errorMessage(serverError)} />
        </div>
      )}
    </section>
  );
}

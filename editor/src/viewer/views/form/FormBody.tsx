import { type FormEvent, useCallback, useId, useMemo, useRef, useState } from 'react';
import type { ViewerApp } from '../../../../../schemas/api/viewer.ts';
import type { Table } from '../../../../../schemas/app/app-definition.ts';
import type { Row, ViewerClient } from '../../api/client.ts';
import { callerCreator, callerUser } from '../../fields/expression-scope.ts';
import { Notice, primaryButton, secondaryButton } from '../../fields/page-parts.tsx';
import { writeErrorsOf } from '../../fields/write-errors.ts';
import { FormFields } from './FormFields.tsx';
import {
  evaluateForm,
  type FormSetup,
  type FormViewDefinition,
  firstInvalidField,
  initialValues,
} from './form-state.ts';
import { afterSubmit } from './form-submit.ts';

interface Props {
  app: ViewerApp;
  view: FormViewDefinition;
  table: Table;
  client: ViewerClient;
  /** The row being edited; null for a new one. */
  existing: Row | null;
  navigate: (path: string) => void;
}

type Outcome = { tone: 'success' | 'info'; text: string; confirm: boolean } | null;

/**
 * The form itself: inputs that keep what was typed, errors once a field was left (every error
 * after a submit was tried), the table's rules before anything is sent, and the server's answer
 * at the field it names — nothing typed is lost when a save fails.
 */
export function FormBody({ app, view, table, client, existing: loaded, navigate }: Props) {
  const setup: FormSetup = useMemo(
    () => ({
      app: app.definition,
      table,
      view,
      user: callerUser(app.caller),
      owner: app.caller.kind === 'owner',
      creator: callerCreator(app.caller),
    }),
    [app, table, view],
  );
  const [now] = useState(() => new Date().toISOString());
  const [existing, setExisting] = useState<Row | null>(loaded);
  const [values, setValues] = useState(() => initialValues(setup, loaded, now));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<Outcome>(null);
  const formId = useId();
  const problems = useRef<HTMLDivElement>(null);

  const evaluation = useMemo(
    () => evaluateForm(setup, { values, touched, submitted }, existing, now),
    [setup, values, touched, submitted, existing, now],
  );

  const change = useCallback((fieldId: string, value: unknown) => {
    setValues((previous) => ({ ...previous, [fieldId]: value }));
    setServerErrors(({ [fieldId]: _, ...rest }) => rest);
    setOutcome(null);
  }, []);
  const leave = useCallback(
    (fieldId: string) =>
      setTouched((previous) => (previous.has(fieldId) ? previous : new Set(previous).add(fieldId))),
    [],
  );
  const pending = useCallback(
    (fieldId: string, busy: boolean) =>
      setUploading((previous) => {
        // Unchanged: keep the same set, so a re-render does not ask again.
        if (previous.has(fieldId) === busy) return previous;
        const next = new Set(previous);
        if (busy) next.add(fieldId);
        else next.delete(fieldId);
        return next;
      }),
    [],
  );

  const startOver = () => {
    setValues(initialValues(setup, null, new Date().toISOString()));
    setTouched(new Set());
    setSubmitted(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setGeneral([]);
    setOutcome(null);
    if (!evaluation.valid) {
      const first = firstInvalidField(evaluation);
      // Focus the first field to fix; with only rule messages, the list of them.
      if (first) document.getElementById(`${formId}-${first}`)?.focus();
      else problems.current?.focus();
      return;
    }
    if (existing && Object.keys(evaluation.changes).length === 0) {
      setOutcome({ tone: 'info', text: 'Nothing has changed, so there is nothing to save.', confirm: false });
      return;
    }
    setSaving(true);
    try {
      if (!existing && !app.rights[table.id]?.read) {
        // This role adds rows it cannot read back (a public sign-up over rows only their creator
        // sees): nothing comes back to show or open, so the form says it was saved and starts over.
        await client.add(table.id, evaluation.changes);
        setServerErrors({});
        startOver();
        setOutcome({ tone: 'success', text: view.submit.message ?? 'Saved.', confirm: true });
        return;
      }
      const saved = existing
        ? await client.update(table.id, existing.id, evaluation.changes)
        : await client.insert(table.id, evaluation.changes);
      setServerErrors({});
      const after = afterSubmit(app.definition, view, saved.id, existing ? 'update' : 'create');
      if (after.kind === 'navigate') return navigate(after.path);
      if (after.next === 'stay') {
        setExisting(saved);
        setValues(initialValues(setup, saved, now));
        setTouched(new Set());
        setSubmitted(false);
      } else startOver();
      setOutcome({ tone: 'success', text: after.text, confirm: after.next === 'confirm' });
    } catch (error) {
      const sorted = writeErrorsOf(table, error);
      setServerErrors(sorted.fields);
      setGeneral(sorted.general);
      const first = Object.keys(sorted.fields)[0];
      if (first && sorted.general.length === 0) document.getElementById(`${formId}-${first}`)?.focus();
      else problems.current?.focus();
    } finally {
      setSaving(false);
    }
  };

  if (outcome?.confirm)
    return (
      <div className="max-w-2xl">
        <Notice
          tone="success"
          title={outcome.text}
          action={
            <button type="button" className={secondaryButton} onClick={() => setOutcome(null)}>
              Add another
            </button>
          }
        />
      </div>
    );

  const ruleMessages = submitted ? evaluation.ruleMessages : [];
  const busy = saving || uploading.size > 0;
  return (
    <form noValidate onSubmit={submit} className="max-w-2xl space-y-6">
      {outcome && (
        <Notice tone={outcome.tone}>
          <p>{outcome.text}</p>
        </Notice>
      )}
      <div ref={problems} tabIndex={-1} className="space-y-3 outline-none">
        {general.length > 0 && (
          <Notice tone="error" title="The row was not saved.">
            <ul className="list-disc space-y-1 pl-5">
              {general.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
            <p>What you typed is still here: change it and save again.</p>
          </Notice>
        )}
        {ruleMessages.length > 0 && (
          <Notice tone="error" title="Before this can be saved:">
            <ul className="list-disc space-y-1 pl-5">
              {ruleMessages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </Notice>
        )}
      </div>
      <FormFields
        idPrefix={formId}
        evaluation={evaluation}
        values={values}
        serverErrors={serverErrors}
        app={app}
        client={client}
        tableId={table.id}
        disabled={saving}
        onChange={change}
        onLeave={leave}
        onPending={pending}
      />
      <div className="flex flex-wrap items-center gap-3 border-t border-neutral-200 pt-5">
        <button type="submit" className={primaryButton} disabled={busy} aria-busy={saving || undefined}>
          {saving ? 'Saving…' : view.submit.label}
        </button>
        {uploading.size > 0 && (
          <p role="status" className="text-sm text-neutral-600">
            Waiting for the upload to finish…
          </p>
        )}
        {submitted && !evaluation.valid && !saving && (
          <p className="text-sm text-red-700">
            {firstInvalidField(evaluation)
              ? 'Fix the marked fields, then save again.'
              : 'See what is needed above, then save again.'}
          </p>
        )}
      </div>
    </form>
  );
}

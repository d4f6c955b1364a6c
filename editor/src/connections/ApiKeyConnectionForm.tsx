import { type FormEvent, useState } from 'react';
import { CreateApiKeyConnectionBody } from '../../../schemas/index.ts';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { TextField } from '../components/FormField.tsx';
import { fieldErrors, issuesOf, parseAllowedHosts, refusalOf } from './connection-helpers.ts';
import { useCreateApiKeyConnection } from './connections-api.ts';
import { HostsField } from './HostsField.tsx';

const FIELDS = ['name', 'provider', 'allowedHosts', 'apiKey'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Stores an API key as a connection. The key stays in its (uncontrolled) input until it is sent
 * and is cleared only once the server stored it: a refusal loses nothing the builder typed.
 */
export function ApiKeyConnectionForm() {
  const create = useCreateApiKeyConnection();
  const [name, setName] = useState('');
  const [provider, setProvider] = useState('');
  const [hosts, setHosts] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [savedName, setSavedName] = useState<string>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(undefined);
    setSavedName(undefined);
    const keyInput = event.currentTarget.elements.namedItem('apiKey') as HTMLInputElement;
    const parsed = CreateApiKeyConnectionBody.safeParse({
      name,
      provider: provider.trim(),
      allowedHosts: parseAllowedHosts(hosts),
      apiKey: keyInput.value,
    });
    if (!parsed.success) {
      setErrors(fieldErrors(issuesOf(parsed.error), '', FIELDS).byField);
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (saved) => {
        setName('');
        setProvider('');
        setHosts('');
        keyInput.value = '';
        setSavedName(saved.name);
      },
      onError: (error) => {
        const { byField, rest } = refusalOf(error, FIELDS);
        setErrors(byField);
        setFailure(rest);
      },
      // The key must not linger in the mutation's variables after the request.
      onSettled: () => create.reset(),
    });
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Add an API key">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          placeholder="Stripe live"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name && `Name ${errors.name}`}
        />
        <TextField
          label="Provider"
          name="provider"
          placeholder="stripe"
          autoCapitalize="off"
          spellCheck={false}
          hint="As the workflow declares it: lower case, e.g. stripe or airtable."
          value={provider}
          onChange={(e) => setProvider(e.target.value)}
          error={errors.provider && `Provider ${errors.provider}`}
        />
      </div>
      <HostsField value={hosts} onChange={setHosts} error={errors.allowedHosts} />
      <TextField
        label="API key"
        name="apiKey"
        type="password"
        autoComplete="off"
        spellCheck={false}
        hint="Stored encrypted. Only its last four characters are ever shown again."
        error={errors.apiKey && `The key ${errors.apiKey}`}
      />
      {failure && <ErrorAlert title="Could not save the connection" message={failure} />}
      {savedName && (
        <p role="status" className="text-sm text-emerald-700">
          Saved “{savedName}”: it is listed above. The key is not kept in this page.
        </p>
      )}
      <Button type="submit" pending={create.isPending}>
        Save API key
      </Button>
    </form>
  );
}

import { type FormEvent, useState } from 'react';
import { type OAuthProvider, StartOAuthBody } from '../../../schemas/index.ts';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { TextField } from '../components/FormField.tsx';
import { fieldErrors, issuesOf, parseAllowedHosts, refusalOf } from './connection-helpers.ts';
import { useStartOAuth } from './connections-api.ts';
import { HostsField } from './HostsField.tsx';
import { OAUTH_PROVIDERS, parseScopes } from './oauth-providers.ts';

const FIELDS = [
  'name',
  'scopes',
  'allowedHosts',
  'generic.authorizationUrl',
  'generic.tokenUrl',
  'generic.revocationUrl',
  'generic.clientId',
  'generic.clientSecret',
  'generic',
] as const;
type Field = (typeof FIELDS)[number];

/** Reconnecting keeps the connection's id, name, scopes and hosts: only the sign-in is new. */
export interface ReconnectTarget {
  id: string;
  name: string;
  scopes: string[];
  allowedHosts: string[];
}

interface OAuthConnectFormProps {
  provider: OAuthProvider;
  reconnect?: ReconnectTarget | undefined;
  onCancel: () => void;
}

/**
 * Starts an OAuth sign-in: the server keeps the PKCE verifier and answers the provider's address,
 * where the browser goes. A generic provider also needs its endpoints and the builder's client.
 */
export function OAuthConnectForm({ provider, reconnect, onCancel }: OAuthConnectFormProps) {
  const start = useStartOAuth();
  const copy = OAUTH_PROVIDERS[provider];
  const [name, setName] = useState(reconnect?.name ?? '');
  const [scopes, setScopes] = useState(reconnect?.scopes.join(' ') ?? '');
  const [hosts, setHosts] = useState(reconnect?.allowedHosts.join('\n') ?? copy.hosts);
  const [generic, setGeneric] = useState({
    authorizationUrl: '',
    tokenUrl: '',
    revocationUrl: '',
    clientId: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [leaving, setLeaving] = useState(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(undefined);
    const secretInput = event.currentTarget.elements.namedItem('clientSecret') as HTMLInputElement | null;
    const parsed = StartOAuthBody.safeParse({
      name,
      provider,
      scopes: parseScopes(scopes),
      allowedHosts: parseAllowedHosts(hosts),
      ...(provider === 'generic'
        ? {
            generic: {
              authorizationUrl: generic.authorizationUrl.trim(),
              tokenUrl: generic.tokenUrl.trim(),
              ...(generic.revocationUrl.trim() ? { revocationUrl: generic.revocationUrl.trim() } : {}),
              clientId: generic.clientId.trim(),
              clientSecret: secretInput?.value ?? '',
            },
          }
        : {}),
      ...(reconnect ? { reconnect: reconnect.id } : {}),
    });
    if (!parsed.success) {
      setErrors(fieldErrors(issuesOf(parsed.error), '', FIELDS).byField);
      return;
    }
    setErrors({});
    start.mutate(parsed.data, {
      onSuccess: ({ authorizationUrl }) => {
        setLeaving(true);
        window.location.assign(authorizationUrl);
      },
      onError: (error) => {
        const { byField, rest } = refusalOf(error, FIELDS);
        setErrors(byField);
        setFailure(rest);
      },
      onSettled: () => start.reset(),
    });
  }

  const genericField = (key: keyof typeof generic, label: string, placeholder: string) => (
    <TextField
      label={label}
      name={key}
      placeholder={placeholder}
      spellCheck={false}
      autoCapitalize="off"
      value={generic[key]}
      onChange={(e) => setGeneric({ ...generic, [key]: e.target.value })}
      error={errors[`generic.${key}`] && `${label} ${errors[`generic.${key}`]}`}
    />
  );

  const target = provider === 'generic' ? 'the provider' : copy.label;
  const title = reconnect ? `Reconnect “${reconnect.name}”` : `Connect with ${copy.label}`;
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label={title}>
      <h3 className="font-semibold text-neutral-900">{title}</h3>
      {!reconnect && (
        <TextField
          label="Name"
          name="name"
          placeholder={provider === 'generic' ? 'Notion workspace' : `${copy.label} work account`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name && `Name ${errors.name}`}
        />
      )}
      <TextField
        label="Scopes"
        name="scopes"
        placeholder={copy.scopesExample}
        spellCheck={false}
        autoCapitalize="off"
        hint="What the workflows may do with this account, separated by spaces. Leave empty for the provider's default."
        value={scopes}
        onChange={(e) => setScopes(e.target.value)}
        error={errors.scopes && `Scopes ${errors.scopes}`}
      />
      {!reconnect && <HostsField value={hosts} onChange={setHosts} error={errors.allowedHosts} />}
      {provider === 'generic' && (
        <fieldset className="space-y-4 rounded-lg border border-neutral-200 p-4">
          <legend className="px-1 text-sm font-medium text-neutral-800">
            The provider and your client there
          </legend>
          {genericField('authorizationUrl', 'Authorization URL', 'https://auth.example.com/oauth/authorize')}
          {genericField('tokenUrl', 'Token URL', 'https://auth.example.com/oauth/token')}
          {genericField(
            'revocationUrl',
            'Revocation URL (optional)',
            'https://auth.example.com/oauth/revoke',
          )}
          {genericField('clientId', 'Client ID', '')}
          <TextField
            label="Client secret"
            name="clientSecret"
            type="password"
            autoComplete="off"
            spellCheck={false}
            error={errors['generic.clientSecret'] && `Client secret ${errors['generic.clientSecret']}`}
          />
          {errors.generic && (
            <p role="alert" className="text-sm text-red-700">
              {errors.generic}
            </p>
          )}
        </fieldset>
      )}
      {failure && <ErrorAlert title={`Could not start connecting ${copy.label}`} message={failure} />}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={start.isPending || leaving}>
          {leaving ? `Opening ${target}…` : `Continue to ${target}`}
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={leaving}>
          Cancel
        </Button>
      </div>
      <p className="text-xs text-neutral-500">
        You sign in at the provider and come back here. Its tokens are stored encrypted and never shown.
      </p>
    </form>
  );
}

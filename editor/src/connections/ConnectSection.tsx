import type { OAuthProvider } from '../../../schemas/index.ts';
import { Button } from '../components/Button.tsx';
import { OAuthConnectForm, type ReconnectTarget } from './OAuthConnectForm.tsx';
import { OAUTH_PROVIDERS } from './oauth-providers.ts';

/** What the sign-in card shows: the provider buttons, or the form for one provider. */
export type ConnectChoice = { provider: OAuthProvider; reconnect?: ReconnectTarget } | null;

const CHOICES: readonly OAuthProvider[] = ['google', 'slack', 'github', 'generic'];

export function ConnectSection({
  choice,
  onChoose,
}: {
  choice: ConnectChoice;
  onChoose: (choice: ConnectChoice) => void;
}) {
  return (
    <section
      aria-labelledby="connect-heading"
      className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm"
    >
      <h2 id="connect-heading" className="font-semibold text-neutral-900">
        Sign in to a service
      </h2>
      <p className="mt-1 text-sm text-neutral-600">
        Your workflows act as the account you sign in with. Tokens renew by themselves.
      </p>
      <div className="mt-4">
        {choice ? (
          <OAuthConnectForm
            key={`${choice.provider}:${choice.reconnect?.id ?? 'new'}`}
            provider={choice.provider}
            reconnect={choice.reconnect}
            onCancel={() => onChoose(null)}
          />
        ) : (
          <div className="flex flex-wrap gap-3">
            {CHOICES.map((provider) => (
              <Button key={provider} variant="secondary" onClick={() => onChoose({ provider })}>
                Connect with {OAUTH_PROVIDERS[provider].label}
              </Button>
            ))}
          </div>
        )}
      </div>
    </section>
  );
}

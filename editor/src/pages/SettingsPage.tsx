import { AccountSection } from '../settings/AccountSection.tsx';
import { AnthropicKeySection } from '../settings/AnthropicKeySection.tsx';

export function SettingsPage() {
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-neutral-900">Settings</h1>
      <AnthropicKeySection />
      <AccountSection />
    </div>
  );
}

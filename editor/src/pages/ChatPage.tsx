import { useAnthropicKeyStatus } from '../api/anthropic-key.ts';
import { NoKeyNotice } from '../features/chat/ChatNotices.tsx';
import { RecentConversations } from '../features/chat/RecentConversations.tsx';
import { StartConversation } from '../features/chat/StartConversation.tsx';

/** Where a conversation with the BA agent starts; it goes on on the feature's page. */
export function ChatPage() {
  const key = useAnthropicKeyStatus();
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-neutral-900">Chat</h1>
        <p className="mt-1 text-sm text-neutral-600">
          Talk to the BA agent about what you need. Each conversation becomes a feature the agents can build.
        </p>
      </div>
      {key.data?.configured === false && <NoKeyNotice />}
      <StartConversation />
      <RecentConversations />
    </div>
  );
}

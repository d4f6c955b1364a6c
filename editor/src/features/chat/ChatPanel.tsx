import { useEffect, useRef } from 'react';
import type { ChatMessage } from '../../../../schemas/index.ts';
import { errorMessage } from '../../api/api-error.ts';
import { useChatMessages } from '../../api/pipeline.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Skeleton } from '../../components/Spinner.tsx';
import { ChatComposer } from './ChatComposer.tsx';
import { ChatFailureNotice, NoKeyNotice } from './ChatNotices.tsx';
import { forgetFirstMessage } from './pending-first-message.ts';
import { useChatStream } from './use-chat-stream.ts';

interface ChatPanelProps {
  featureId: string;
  keyConfigured: boolean;
  /** The BA agent talks only while the feature is drafting; once a build starts the chat is a record. */
  open: boolean;
  /** The first message typed on /app/chat, sent once when the panel opens. */
  initialMessage?: string | undefined;
}

/** The conversation with the BA agent: the builder on the right, the agent on the left. */
export function ChatPanel({ featureId, keyConfigured, open, initialMessage }: ChatPanelProps) {
  const messages = useChatMessages(featureId);
  const chat = useChatStream(featureId);
  const logRef = useRef<HTMLDivElement>(null);
  const sentInitial = useRef(false);

  const list = messages.data?.messages ?? [];
  const { send } = chat;
  useEffect(() => {
    if (!initialMessage || sentInitial.current) return;
    sentInitial.current = true;
    forgetFirstMessage(featureId);
    void send(initialMessage);
  }, [initialMessage, send, featureId]);

  // Follow the conversation as it grows, the way a messenger does.
  const replyLength = chat.reply?.length ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the scroll follows these changes
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [list.length, replyLength, chat.pending, chat.failure]);

  const waitingForReply = chat.sending && (chat.reply === null || chat.reply === '');

  return (
    <section
      aria-labelledby="chat-heading"
      className="flex min-h-[28rem] flex-col rounded-xl border border-neutral-200 bg-white shadow-sm"
    >
      <div className="border-b border-neutral-200 px-5 py-3">
        <h2 id="chat-heading" className="font-semibold text-neutral-900">
          Chat with the BA agent
        </h2>
        <p className="text-xs text-neutral-500">
          Describe what you need in your own words; it asks what matters and recommends how to build it.
        </p>
      </div>

      <div
        ref={logRef}
        role="log"
        aria-label="Conversation"
        aria-busy={chat.sending || undefined}
        className="max-h-[60vh] min-h-64 flex-1 space-y-4 overflow-y-auto px-5 py-4"
      >
        {messages.isPending ? (
          <div aria-busy="true" className="space-y-3">
            <p className="sr-only">Loading the conversation…</p>
            <Skeleton className="h-12 w-3/4" />
            <Skeleton className="ml-auto h-10 w-2/3" />
          </div>
        ) : messages.isError ? (
          <ErrorAlert
            title="Could not load the conversation"
            message={errorMessage(messages.error)}
            onRetry={() => void messages.refetch()}
            retrying={messages.isFetching}
          />
        ) : list.length === 0 && !chat.pending ? (
          <EmptyConversation />
        ) : null}

        {list.map((message) => (
          <MessageBubble key={message.id} author={message.role} text={message.content} />
        ))}
        {chat.pending && <MessageBubble author="user" text={chat.pending} pending />}
        {chat.reply && <MessageBubble author="assistant" text={chat.reply} streaming />}
        {waitingForReply && <TypingIndicator />}
        {chat.failure && (
          <ChatFailureNotice
            failure={chat.failure}
            retrying={chat.sending}
            onRetry={() => chat.failure && void chat.retry(chat.failure)}
            onDismiss={chat.dismiss}
          />
        )}
      </div>

      <div className="border-t border-neutral-200 px-5 py-4">
        {!open ? (
          <p className="text-sm text-neutral-600">
            The chat is closed while the agents build this feature; what you agreed on is kept above.
          </p>
        ) : (
          <>
            {!keyConfigured && <NoKeyNotice />}
            <ChatComposer
              disabled={!keyConfigured}
              sending={chat.sending}
              onSend={(content, clear) => void chat.send(content, clear)}
            />
          </>
        )}
      </div>
    </section>
  );
}

function MessageBubble({
  author,
  text,
  pending,
  streaming,
}: {
  author: ChatMessage['role'];
  text: string;
  pending?: boolean;
  streaming?: boolean;
}) {
  const mine = author === 'user';
  return (
    <div className={`flex ${mine ? 'justify-end' : 'justify-start'}`}>
      <div className={`max-w-[85%] ${mine ? 'text-right' : 'text-left'}`}>
        <p className="mb-1 text-xs font-medium text-neutral-500">{mine ? 'You' : 'BA agent'}</p>
        <div
          data-author={author}
          data-testid={streaming ? 'streaming-reply' : 'chat-message'}
          className={`rounded-2xl px-4 py-2.5 text-left text-sm whitespace-pre-wrap break-words ${
            mine
              ? 'rounded-br-sm bg-indigo-600 text-white'
              : 'rounded-bl-sm border border-neutral-200 bg-neutral-50 text-neutral-900'
          } ${pending ? 'opacity-70' : ''}`}
        >
          {text}
          {streaming && (
            <span
              aria-hidden="true"
              className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-neutral-400 align-text-bottom"
            />
          )}
        </div>
        {pending && <p className="mt-1 text-xs text-neutral-400">Sending…</p>}
      </div>
    </div>
  );
}

function TypingIndicator() {
  return (
    <div className="flex justify-start" role="status">
      <span className="sr-only">The BA agent is typing…</span>
      <div
        aria-hidden="true"
        className="flex gap-1 rounded-2xl rounded-bl-sm border border-neutral-200 bg-neutral-50 px-4 py-3"
      >
        {[0, 150, 300].map((delay) => (
          <span
            key={delay}
            className="size-2 animate-bounce rounded-full bg-neutral-400"
            style={{ animationDelay: `${delay}ms` }}
          />
        ))}
      </div>
    </div>
  );
}

function EmptyConversation() {
  return (
    <div className="rounded-lg border border-dashed border-neutral-300 p-5 text-sm text-neutral-600">
      <p className="font-medium text-neutral-800">No messages yet</p>
      <p className="mt-1">
        Start with what you want to keep track of or automate, and for whom. For example: “A place to keep our
        family recipes, with ingredients and a log of when we cooked them.”
      </p>
    </div>
  );
}

import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { MAX_CHAT_MESSAGE_CHARS, PostMessageBody } from '../../../../schemas/index.ts';
import { Button } from '../../components/Button.tsx';

interface ChatComposerProps {
  disabled: boolean;
  sending: boolean;
  /** `clear` empties the box; the panel calls it once the server has stored the message. */
  onSend: (content: string, clear: () => void) => void;
}

/**
 * Enter sends, Shift+Enter starts a new line, as in every messenger. The text leaves the box only
 * when the server has stored the message, so a failed send keeps it for another try.
 */
export function ChatComposer({ disabled, sending, onSend }: ChatComposerProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();

  function submit() {
    if (disabled || sending) return;
    const parsed = PostMessageBody.safeParse({ content: text });
    if (!parsed.success) {
      setError(`Message ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
      return;
    }
    setError(undefined);
    const sent = text;
    // Cleared only once stored, and only if the builder has not started typing something else.
    onSend(parsed.data.content, () => setText((current) => (current === sent ? '' : current)));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2">
      <label htmlFor={id} className="sr-only">
        Message the BA agent
      </label>
      <div className="flex items-end gap-3">
        <textarea
          id={id}
          rows={3}
          value={text}
          maxLength={MAX_CHAT_MESSAGE_CHARS}
          onChange={(event) => {
            setText(event.target.value);
            if (error) setError(undefined);
          }}
          onKeyDown={onKeyDown}
          disabled={disabled}
          placeholder={disabled ? 'Add your Anthropic key to start chatting' : 'Describe what you need…'}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          className="block min-h-[4.5rem] w-full resize-y rounded-lg border border-neutral-300 bg-white px-3 py-2 text-sm text-neutral-900 shadow-sm placeholder:text-neutral-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none disabled:bg-neutral-50"
        />
        <Button type="submit" pending={sending} disabled={disabled || text.trim() === ''}>
          Send
        </Button>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-neutral-500">
          Enter to send · Shift+Enter for a new line
        </p>
      )}
    </form>
  );
}

import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { CreateFeatureBody, MAX_CHAT_MESSAGE_CHARS, PostMessageBody } from '../../../../schemas/index.ts';
import { ApiError, errorMessage } from '../../api/api-error.ts';
import { useCreateFeature } from '../../api/features.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TextField } from '../../components/FormField.tsx';
import { titleFromMessage } from './conversation-title.ts';
import { leaveFirstMessage } from './pending-first-message.ts';

/**
 * A new conversation: the builder writes what they need; a feature is created (named by its own
 * title or the message's gist) and the chat continues on the feature's page, where the message is
 * sent to the BA agent.
 */
export function StartConversation() {
  const navigate = useNavigate();
  const createFeature = useCreateFeature();
  const messageId = useId();
  const [message, setMessage] = useState('');
  const [title, setTitle] = useState('');
  const [messageError, setMessageError] = useState<string>();
  const [titleError, setTitleError] = useState<string>();
  const gist = titleFromMessage(message);

  function submit() {
    if (createFeature.isPending) return;
    const content = PostMessageBody.safeParse({ content: message });
    if (!content.success) {
      setMessageError(`Your message ${content.error.issues[0]?.message ?? 'is not valid'}`);
      return;
    }
    const body = CreateFeatureBody.safeParse({ title: title.trim() || gist });
    if (!body.success) {
      setTitleError(`Title ${body.error.issues[0]?.message ?? 'is not valid'}`);
      return;
    }
    setMessageError(undefined);
    setTitleError(undefined);
    createFeature.mutate(body.data, {
      onSuccess: (feature) => {
        leaveFirstMessage(feature.id, content.data.content);
        navigate(`/app/features/${feature.id}`);
      },
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  const serverError = createFeature.error;
  const serverTitleError = serverError instanceof ApiError ? serverError.issueFor('title') : undefined;

  return (
    <section
      aria-labelledby="start-heading"
      className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm"
    >
      <h2 id="start-heading" className="font-semibold text-neutral-900">
        Start a conversation
      </h2>
      <p className="mt-1 text-sm text-neutral-600">
        Say what you need in your own words. The BA agent asks what matters, then recommends how to build it.
      </p>
      <form noValidate onSubmit={onSubmit} className="mt-4 space-y-4">
        <div className="space-y-1.5">
          <label htmlFor={messageId} className="block text-sm font-medium text-neutral-800">
            What do you need?
          </label>
          <textarea
            id={messageId}
            rows={4}
            value={message}
            maxLength={MAX_CHAT_MESSAGE_CHARS}
            onChange={(event) => {
              setMessage(event.target.value);
              if (messageError) setMessageError(undefined);
            }}
            onKeyDown={onKeyDown}
            placeholder="e.g. A recipe tracker for our family: recipes with ingredients, photos, and a log of when we cooked them."
            aria-invalid={messageError ? true : undefined}
            aria-describedby={messageError ? `${messageId}-error` : `${messageId}-hint`}
            className={`block w-full resize-y rounded-lg border bg-white px-3 py-2 text-sm text-neutral-900 shadow-sm placeholder:text-neutral-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none ${messageError ? 'border-red-400' : 'border-neutral-300'}`}
          />
          {messageError ? (
            <p id={`${messageId}-error`} role="alert" className="text-sm text-red-700">
              {messageError}
            </p>
          ) : (
            <p id={`${messageId}-hint`} className="text-xs text-neutral-500">
              Enter to start · Shift+Enter for a new line
            </p>
          )}
        </div>
        <div className="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-start">
          <TextField
            label="Title (optional)"
            name="title"
            maxLength={200}
            value={title}
            placeholder={gist || 'Taken from your message'}
            onChange={(event) => setTitle(event.target.value)}
            error={titleError ?? serverTitleError}
            hint={gist && !title ? `It will be called “${gist}”.` : undefined}
          />
          <Button type="submit" pending={createFeature.isPending} className="sm:mt-6.5">
            Start chatting
          </Button>
        </div>
      </form>
      {serverError && !serverTitleError && (
        <div className="mt-4">
          <ErrorAlert title="Could not start the conversation" message={errorMessage(serverError)} />
        </div>
      )}
    </section>
  );
}

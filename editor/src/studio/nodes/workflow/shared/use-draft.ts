import { useState } from 'react';

/** What committing a typed value gave: the value the definition now holds, or why it was refused. */
export type CommitResult = { ok: true; stored: string } | { ok: false; reason: string };

/**
 * The text of an input that edits the definition on every keystroke. It keeps what the builder
 * typed even when the definition holds something else — a refused value (an empty name, a path
 * without "/") stays visible with its reason instead of snapping back, and a trimmed label keeps
 * the space just typed — and takes the definition's value again only when that changes from
 * elsewhere (undo, redo, another panel).
 */
export function useDraft(value: string, commit: (text: string) => CommitResult) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | undefined>();
  const [synced, setSynced] = useState(value);
  if (value !== synced) {
    // Changed from elsewhere: React's "adjust state while rendering" pattern, no effect needed.
    setSynced(value);
    setText(value);
    setError(undefined);
  }
  const onChange = (next: string) => {
    setText(next);
    const result = commit(next);
    if (result.ok) {
      setSynced(result.stored);
      setError(undefined);
    } else setError(result.reason);
  };
  return { text, error, onChange };
}

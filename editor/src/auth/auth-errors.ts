import { isAuthError } from '@supabase/supabase-js';
import { ApiErrorBody } from '../../../schemas/index.ts';

export interface DescribedAuthError {
  message: string;
  /** Problems the server tied to one field (`email`, `username`, `password`). */
  fieldErrors: Record<string, string>;
}

/**
 * Turns a supabase-js error into what the form shows. The server's own message wins; when the
 * server answered in our `ApiErrorBody` shape, supabase-js hands it over as a JSON string, so it
 * is unpacked here to keep its message and per-field issues.
 */
export function describeAuthError(error: unknown): DescribedAuthError {
  const raw = error instanceof Error ? error.message : '';
  const status = isAuthError(error) ? error.status : undefined;
  const code = isAuthError(error) ? error.code : undefined;

  const fromApiBody = parseApiErrorBody(raw);
  if (fromApiBody) return fromApiBody;

  // The embedded auth server names the field first ("username: … is taken"); put it next to its input.
  const fieldMatch = /^(email|username|password): (.+)$/s.exec(raw);
  if (fieldMatch?.[1] && fieldMatch[2]) {
    const field = fieldMatch[1];
    const label = field.charAt(0).toUpperCase() + field.slice(1);
    return { message: `${label} ${fieldMatch[2]}`, fieldErrors: { [field]: `${label} ${fieldMatch[2]}` } };
  }
  if (code === 'user_already_exists' || code === 'email_exists') {
    return {
      message: `${raw || 'That e-mail address already has an account'}. If it is yours, log in instead.`,
      fieldErrors: {},
    };
  }

  if (status === 0 || error instanceof TypeError) {
    return { message: 'Could not reach the server. Check your connection and try again.', fieldErrors: {} };
  }
  if (status === 429 && !raw) {
    return { message: 'Too many attempts. Please wait a minute and try again.', fieldErrors: {} };
  }
  return { message: raw || 'Something went wrong. Please try again.', fieldErrors: {} };
}

function parseApiErrorBody(raw: string): DescribedAuthError | undefined {
  if (!raw.startsWith('{')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = ApiErrorBody.safeParse(json);
  if (!parsed.success) return undefined;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.data.error.issues ?? []) fieldErrors[issue.path] ??= issue.message;
  return { message: parsed.data.error.message, fieldErrors };
}

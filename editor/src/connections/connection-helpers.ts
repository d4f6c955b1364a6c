import type { z } from 'zod';
import type { ApiIssue, ConnectionSummary, WorkflowConnectionBinding } from '../../../schemas/index.ts';
import { providerMatches } from '../../../schemas/workflow/provider-match.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';

/**
 * The allowed-hosts textarea as the list the API takes: one host per line (commas and spaces
 * also separate), blank lines dropped, lower-cased, each host once. A pasted URL keeps only its
 * host, since builders copy addresses from a provider's documentation.
 */
export function parseAllowedHosts(text: string): string[] {
  const hosts: string[] = [];
  for (const raw of text.split(/[\s,]+/)) {
    const host = hostOf(raw.trim().toLowerCase());
    if (host && !hosts.includes(host)) hosts.push(host);
  }
  return hosts;
}

function hostOf(entry: string): string {
  if (!entry.includes('://')) return entry.replace(/\/.*$/, '');
  try {
    return new URL(entry).hostname;
  } catch {
    return entry;
  }
}

// One rule for the studio and the server: which stored connections may serve a declaration.
export { providerMatches };

/** The builder's stored connections that may serve `declaration`: matching provider and kind. */
export function connectionsFor(
  declaration: Pick<WorkflowConnectionBinding, 'provider' | 'authKind'>,
  connections: readonly ConnectionSummary[],
): ConnectionSummary[] {
  if (declaration.authKind === 'none') return [];
  return connections.filter(
    (c) => c.authKind === declaration.authKind && providerMatches(declaration.provider, c.provider),
  );
}

/**
 * A server refusal placed next to the fields it names. Zod issues carry a dotted path
 * ("allowedHosts.2", "generic.tokenUrl"); other refusals name their field at the start of the
 * message ("name: you already have …"). Fields not in `fields` stay for a general alert.
 */
export function fieldErrors<F extends string>(
  issues: readonly ApiIssue[],
  message: string,
  fields: readonly F[],
): { byField: Partial<Record<F, string>>; rest: string | undefined } {
  const byField: Partial<Record<F, string>> = {};
  const located = issues.length > 0 ? issues : messageIssue(message);
  const unplaced: string[] = [];
  for (const issue of located) {
    const field = fieldOf(issue.path, fields);
    if (field && !byField[field]) byField[field] = describe(issue, field);
    else if (!field) unplaced.push(issues.length > 0 ? `${issue.path}: ${issue.message}` : message);
  }
  return { byField, rest: unplaced.length > 0 ? unplaced.join('; ') : undefined };
}

function messageIssue(message: string): ApiIssue[] {
  const match = /^([A-Za-z][\w.]*): (.+)$/s.exec(message);
  return match ? [{ path: match[1] as string, message: match[2] as string }] : [{ path: '', message }];
}

/** The longest listed field the path starts with ("generic.clientId" before "generic"). */
function fieldOf<F extends string>(path: string, fields: readonly F[]): F | undefined {
  return [...fields].sort((a, b) => b.length - a.length).find((f) => path === f || path.startsWith(`${f}.`));
}

/** "allowedHosts.1" → the second line: the builder sees lines, not array indexes. */
function describe(issue: ApiIssue, field: string): string {
  const rest = issue.path.slice(field.length + 1);
  return /^\d+$/.test(rest) ? `line ${Number(rest) + 1} ${issue.message}` : issue.message;
}

/** A form's own check, in the server's issue shape, so both land next to the same fields. */
export function issuesOf(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Any failure of a form's request, placed on its fields where it names one. */
export function refusalOf<F extends string>(error: unknown, fields: readonly F[]) {
  if (error instanceof ApiError) return fieldErrors(error.issues, error.message, fields);
  return { byField: {} as Partial<Record<F, string>>, rest: errorMessage(error) };
}

/** When an OAuth access token expires, said for a person; the server renews it before then. */
export function expiryLabel(expiresAt: string | null, now: number): string | null {
  if (!expiresAt) return null;
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return null;
  const minutes = Math.round((at - now) / 60_000);
  if (minutes <= 0) return 'Access token expired; renewed on next use';
  if (minutes < 60) return `Access token renews within ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `Access token valid for ${hours} h more`;
  return `Access token valid for ${Math.round(hours / 24)} days more`;
}

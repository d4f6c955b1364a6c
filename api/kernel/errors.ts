import type { ApiIssue, LimitInfo } from '../../schemas/index.ts';

/** An error meant for the caller: its status, a stable code and a message a person can act on. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly extra: { issues?: ApiIssue[]; limit?: LimitInfo; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found`);

export function invalidRequest(issues: ApiIssue[]): HttpError {
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return new HttpError(400, 'invalid_request', summary, { issues });
}

/** A definition that does not validate: 400 naming each problem under `definition.<path>`. */
export function invalidDefinition(errors: readonly { path: string; message: string }[]): HttpError {
  return new HttpError(
    400,
    'invalid_definition',
    `definition: ${errors.length} problem(s), first: ${errors[0]!.path}: ${errors[0]!.message}`,
    { issues: errors.map((e) => ({ path: `definition.${e.path}`, message: e.message })) },
  );
}

const LIMIT_LABELS: Record<string, string> = {
  active_features: 'active features',
  published_apps: 'published apps',
  rows_per_app: 'rows per app',
  artifact_bytes: 'bytes of artifact storage',
};

/** A plan limit reached: 403 naming the limit, its maximum and the plan. */
export function limitReached(limit: LimitInfo): HttpError {
  const label = LIMIT_LABELS[limit.name] ?? limit.name;
  const plan = limit.plan ? ` on the ${limit.plan} plan` : '';
  return new HttpError(
    403,
    'limit_reached',
    `Limit reached: at most ${limit.max} ${label}${plan}. Remove one or upgrade your plan to add more.`,
    { limit },
  );
}

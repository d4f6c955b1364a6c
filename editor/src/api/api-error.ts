import { ApiErrorBody, type ApiIssue, type LimitInfo } from '../../../schemas/index.ts';

/**
 * An `/api/*` failure as the person should see it: the server's own message, plus the fields
 * (`issues`) and plan limit it named, so forms can put each problem next to its input.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly issues: readonly ApiIssue[];
  readonly limit: LimitInfo | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    issues: readonly ApiIssue[] = [],
    limit?: LimitInfo,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.limit = limit;
  }

  /** Builds the error from a non-2xx answer, falling back to the status when the body is not ours. */
  static async fromResponse(response: Response): Promise<ApiError> {
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = ApiErrorBody.safeParse(body);
    if (parsed.success) {
      const { code, message, issues, limit } = parsed.data.error;
      return new ApiError(response.status, code, message, issues ?? [], limit);
    }
    return new ApiError(response.status, 'http_error', fallbackMessage(response.status));
  }

  /** The message for one form field, matched by the issue's path (`"title"`, `"key"`). */
  issueFor(path: string): string | undefined {
    return this.issues.find((issue) => issue.path === path)?.message;
  }
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Please log in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'Not found.';
  if (status === 413) return 'That request is too large.';
  if (status === 429) return 'Too many requests. Please wait a moment and try again.';
  if (status >= 500) return `The server had a problem (${status}). Please try again.`;
  return `The request failed (${status}).`;
}

/** Any thrown value as a sentence a person can read. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}

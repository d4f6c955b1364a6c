import { type ChartData, ViewerApp } from '../../../../schemas/api/viewer.ts';

/**
 * How the viewer talks to a published app: the app as the caller may see it (`/app`), its rows
 * through the PostgREST data API (`/rest/v1/{table}`), file uploads (`/files`), chart numbers
 * (`/aggregate/{viewId}`) and sign-in (`/auth`). One instance per app address; the app session
 * (invite-only apps) goes along as `Authorization: Bearer`. Every failure is a `ViewerError` with
 * words a person can act on.
 */

/** A row as the data API returns it: `id`, `created_at`, `updated_at` and the selected fields. */
export type Row = Record<string, unknown> & { id: string };

/** A stored file as an attachment field holds it (the upload route's answer). */
export interface UploadedFile {
  key: string;
  name: string;
  type: string;
  size: number;
}

export class ViewerError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the request never reached the server. */
    readonly status: number,
    /** The platform's or PostgREST's code (`not_found`, `app_sign_in_required`, `PGRST116`, …). */
    readonly code: string,
    /** PostgREST's `details` (e.g. which rule or transition refused a write). */
    readonly details: string | null = null,
    /** PostgREST's `hint` (e.g. the transitions that are allowed). */
    readonly hint: string | null = null,
    /** The platform's extra fields (`level` of an app that needs sign-in). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ViewerError';
  }
}

export interface RowsPage {
  rows: Row[];
  /** The count of every matching row (asked with `count: true`), else null. */
  total: number | null;
}

export interface ViewerClient {
  /** `/u/{username}/{slug}` */
  readonly base: string;
  app(): Promise<ViewerApp>;
  /** Rows by a PostgREST query (`select=…&status=eq.open&order=due.asc&limit=50&offset=0`). */
  rows(tableId: string, query: string | URLSearchParams, options?: { count?: boolean }): Promise<RowsPage>;
  /** One row by id, or null when it does not exist or is not the caller's to see. */
  row(tableId: string, id: string, select?: string): Promise<Row | null>;
  insert(tableId: string, values: Record<string, unknown>): Promise<Row>;
  /** Adds a row without reading it back: for a role that may add rows but not read them. */
  add(tableId: string, values: Record<string, unknown>): Promise<void>;
  update(tableId: string, id: string, values: Record<string, unknown>): Promise<Row>;
  remove(tableId: string, id: string): Promise<void>;
  /** Uploads a file for an attachment field; `onProgress` gets 0..1 as bytes go out. */
  upload(
    tableId: string,
    fieldId: string,
    file: File,
    onProgress?: (fraction: number) => void,
  ): Promise<UploadedFile>;
  /** Where a stored file can be downloaded (or shown, for images). */
  fileUrl(key: string): string;
  /**
   * A stored file's bytes, fetched with the app session: an `<img>` or a plain link cannot send
   * `Authorization`, so an invite-only app's files are shown from these (as object URLs).
   */
  file(key: string): Promise<Blob>;
  chart(viewId: string): Promise<ChartData>;
  requestSignInLink(email: string): Promise<void>;
  /** Trades the token of a sign-in link for an app session, which the client keeps. */
  signIn(token: string): Promise<{ email: string; role: string }>;
  signOut(): Promise<void>;
  /** Whether an app session is kept for this app. */
  signedIn(): boolean;
}

/** Where the app session of one app is kept between visits (per browser, per app). */
export const sessionKey = (base: string) => `build-practical.app-session.${base}`;

interface StoredSession {
  token: string;
  expiresAt: number;
}

function readSession(base: string, storage: Storage | undefined, now: number): string | null {
  try {
    const raw = storage?.getItem(sessionKey(base));
    if (!raw) return null;
    const session = JSON.parse(raw) as StoredSession;
    if (typeof session.token !== 'string' || !(session.expiresAt > now)) {
      storage?.removeItem(sessionKey(base));
      return null;
    }
    return session.token;
  } catch {
    return null;
  }
}

/**
 * The builder's own studio session on this origin (supabase-js keeps it as `sb-<ref>-auth-token`):
 * with it the builder is the owner of their own apps here, private ones included. Only a session
 * that is still valid for a while is used; the viewer cannot refresh it (the open studio does).
 */
export function studioToken(storage: Storage | undefined, now: number): string | null {
  if (!storage) return null;
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key || !/^sb-.+-auth-token$/.test(key)) continue;
    try {
      const session = JSON.parse(storage.getItem(key) ?? '') as {
        access_token?: unknown;
        expires_at?: unknown;
      };
      if (
        typeof session.access_token === 'string' &&
        typeof session.expires_at === 'number' &&
        session.expires_at * 1000 > now + 30_000
      )
        return session.access_token;
    } catch {
      // Not a session: keep looking.
    }
  }
  return null;
}

async function errorOf(response: Response): Promise<ViewerError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: the status says enough.
  }
  const record = (body ?? {}) as Record<string, unknown>;
  const platform = record.error as Record<string, unknown> | undefined;
  if (platform && typeof platform.message === 'string') {
    const { code, message, ...extra } = platform;
    return new ViewerError(message, response.status, String(code ?? response.status), null, null, extra);
  }
  if (typeof record.message === 'string')
    return new ViewerError(
      record.message,
      response.status,
      String(record.code ?? response.status),
      typeof record.details === 'string' ? record.details : null,
      typeof record.hint === 'string' ? record.hint : null,
    );
  return new ViewerError(
    `The app answered ${response.status} ${response.statusText}. Try again in a moment.`,
    response.status,
    String(response.status),
  );
}

export function createViewerClient(
  base: string,
  options: { fetch?: typeof fetch; storage?: Storage; now?: () => number } = {},
): ViewerClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const storage = options.storage ?? (typeof localStorage === 'undefined' ? undefined : localStorage);
  const now = options.now ?? Date.now;
  // Set once the server refused the studio session (signed out elsewhere): then this page is an
  // anonymous visitor's until it is reloaded.
  let studioRefused = false;
  const authHeaders = (): Record<string, string> => {
    const token = readSession(base, storage, now()) ?? (studioRefused ? null : studioToken(storage, now()));
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        ...init,
        headers: {
          accept: 'application/json',
          ...authHeaders(),
          ...(init.headers as Record<string, string>),
        },
      });
    } catch {
      throw new ViewerError('Could not reach the app. Check your connection and try again.', 0, 'network');
    }
    if (response.status === 401) {
      const error = await errorOf(response);
      // An expired or signed-out session: forget it, so the next page asks to sign in again.
      if (error.code === 'invalid_token') {
        if (!readSession(base, storage, now())) studioRefused = true;
        storage?.removeItem(sessionKey(base));
      }
      throw error;
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }
  const json = async <T>(path: string, init?: RequestInit): Promise<T> =>
    (await (await call(path, init)).json()) as T;
  const table = (tableId: string) => `/rest/v1/${encodeURIComponent(tableId)}`;
  const writeHeaders = { 'content-type': 'application/json', prefer: 'return=representation' };

  return {
    base,
    async app() {
      const parsed = ViewerApp.safeParse(await json('/app'));
      if (!parsed.success)
        throw new ViewerError(
          'The app sent something this page cannot read. Reload the page.',
          200,
          'bad_app',
        );
      return parsed.data;
    },
    async rows(tableId, query, { count = false } = {}) {
      const response = await call(`${table(tableId)}?${query.toString()}`, {
        headers: count ? { prefer: 'count=exact' } : {},
      });
      const rows = (await response.json()) as Row[];
      const total = Number(response.headers.get('content-range')?.split('/')[1]);
      return { rows, total: Number.isFinite(total) ? total : null };
    },
    async row(tableId, id, select = '*') {
      const params = new URLSearchParams({ select, id: `eq.${id}`, limit: '1' });
      const rows = await json<Row[]>(`${table(tableId)}?${params}`);
      return rows[0] ?? null;
    },
    async insert(tableId, values) {
      const rows = await json<Row[]>(table(tableId), {
        method: 'POST',
        headers: writeHeaders,
        body: JSON.stringify(values),
      });
      return rows[0]!;
    },
    async add(tableId, values) {
      await call(table(tableId), {
        method: 'POST',
        headers: { 'content-type': 'application/json', prefer: 'return=minimal' },
        body: JSON.stringify(values),
      });
    },
    async update(tableId, id, values) {
      const rows = await json<Row[]>(`${table(tableId)}?id=eq.${encodeURIComponent(id)}`, {
        method: 'PATCH',
        headers: writeHeaders,
        body: JSON.stringify(values),
      });
      if (!rows[0]) throw new ViewerError('That row is gone or no longer yours to change.', 404, 'not_found');
      return rows[0];
    },
    async remove(tableId, id) {
      await call(`${table(tableId)}?id=eq.${encodeURIComponent(id)}`, { method: 'DELETE' });
    },
    upload(tableId, fieldId, file, onProgress) {
      // XMLHttpRequest, not fetch: only it reports upload progress.
      return new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        const name = encodeURIComponent(file.name);
        request.open(
          'POST',
          `${base}/files/${encodeURIComponent(tableId)}/${encodeURIComponent(fieldId)}?name=${name}`,
        );
        request.setRequestHeader('content-type', file.type || 'application/octet-stream');
        for (const [key, value] of Object.entries(authHeaders())) request.setRequestHeader(key, value);
        request.upload.onprogress = (event) => {
          if (event.lengthComputable) onProgress?.(event.loaded / event.total);
        };
        request.onerror = () =>
          reject(new ViewerError('The upload did not reach the app. Check your connection.', 0, 'network'));
        request.onload = () => {
          const response = new Response(request.responseText, {
            status: request.status,
            headers: { 'content-type': 'application/json' },
          });
          if (request.status >= 200 && request.status < 300) {
            onProgress?.(1);
            resolve(JSON.parse(request.responseText) as UploadedFile);
          } else void errorOf(response).then(reject);
        };
        request.send(file);
      });
    },
    fileUrl: (key) => `${base}/files/${key.split('/').map(encodeURIComponent).join('/')}`,
    async file(key) {
      const path = `/files/${key.split('/').map(encodeURIComponent).join('/')}`;
      return (await call(path, { headers: { accept: '*/*' } })).blob();
    },
    chart: (viewId) => json<ChartData>(`/aggregate/${encodeURIComponent(viewId)}`),
    async requestSignInLink(email) {
      await call('/auth/magic-link', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
    },
    async signIn(token) {
      const session = await json<{
        access_token: string;
        expires_in: number;
        end_user: { email: string; role: string };
      }>('/auth/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      const stored: StoredSession = {
        token: session.access_token,
        expiresAt: now() + session.expires_in * 1000,
      };
      storage?.setItem(sessionKey(base), JSON.stringify(stored));
      return session.end_user;
    },
    async signOut() {
      try {
        await call('/auth/logout', { method: 'POST' });
      } finally {
        storage?.removeItem(sessionKey(base));
      }
    },
    signedIn: () => readSession(base, storage, now()) !== null,
  };
}

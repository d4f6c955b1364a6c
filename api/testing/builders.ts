/** Signs a builder up through the embedded auth server and returns what tests need. */
export async function signUpBuilder(baseUrl: string, username: string, password = 'correct horse 1') {
  const response = await fetch(`${baseUrl}/auth/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${username}@example.test`, password, data: { username } }),
  });
  if (!response.ok)
    throw new Error(`sign-up of ${username} failed: ${response.status} ${await response.text()}`);
  const session = (await response.json()) as {
    access_token: string;
    refresh_token: string;
    user: { id: string };
  };
  return { token: session.access_token, refreshToken: session.refresh_token, id: session.user.id, username };
}

export type Builder = Awaited<ReturnType<typeof signUpBuilder>>;

/** A JSON request to the API as a builder. */
export function api(baseUrl: string, builder: Builder | null, method: string, path: string, body?: unknown) {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(builder ? { authorization: `Bearer ${builder.token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

/** An API answer read once: its status, headers and text, and the text parsed on demand. */
export interface ReadAnswer {
  status: number;
  headers: Headers;
  text: string;
  json(): unknown;
}

/**
 * `api` that keeps every answer's body in `seen`, so a test can check afterwards that a planted
 * secret (a canary key) never came back in any of them. `baseUrl` is read per call: the server
 * starts in `beforeAll`.
 */
export function recordingApi(baseUrl: () => string, seen: string[]) {
  return async (who: Builder, method: string, path: string, body?: unknown): Promise<ReadAnswer> => {
    const response = await api(baseUrl(), who, method, path, body);
    const text = await response.text();
    seen.push(text);
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  };
}

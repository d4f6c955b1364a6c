import { readFile } from 'node:fs/promises';
import { api, type Builder } from '../../api/testing/builders.ts';
import type { AppDefinition } from '../../schemas/definitions.ts';
import type { AppSession, OutboxList, PublishResult } from '../../schemas/index.ts';

/** The example apps in `schemas/examples/`, by file name, with who may use each once published. */
export const EXAMPLE_APPS = {
  'bookmark-manager': 'private',
  'crm-lite': 'invite_only',
  'event-planner': 'public',
  'habit-tracker': 'invite_only',
  inventory: 'invite_only',
  'recipe-tracker': 'public',
} as const;
export type ExampleName = keyof typeof EXAMPLE_APPS;
export const EXAMPLE_NAMES = Object.keys(EXAMPLE_APPS) as ExampleName[];

export interface PublishedExample {
  appId: string;
  slug: string;
  /** Where end users open it: `{publicUrl}/u/{username}/{slug}`. */
  url: string;
  /** The definition as created (with the slug it was given). */
  definition: AppDefinition;
}

const EXAMPLES = new URL('../../schemas/examples/', import.meta.url);

export async function loadExample(name: ExampleName): Promise<AppDefinition> {
  return JSON.parse(await readFile(new URL(`${name}.app.json`, EXAMPLES), 'utf8')) as AppDefinition;
}

async function failure(what: string, response: Response): Promise<Error> {
  return new Error(`${what}: ${response.status} ${await response.text()}`);
}

/**
 * Creates one example app as `builder` and publishes it through the studio's API, the way a
 * builder's "Publish" does. When the builder already has an app at the example's slug, the next
 * free `{slug}-2`, `{slug}-3`, … is used. A publication the security review blocks throws with
 * the blocking findings, so a test names the rule rather than a bare 422.
 */
export async function publishExample(
  serverUrl: string,
  builder: Builder,
  name: ExampleName,
): Promise<PublishedExample> {
  const example = await loadExample(name);
  let created: { id: string; slug: string; definition: AppDefinition } | undefined;
  for (let attempt = 1; !created; attempt++) {
    const slug = attempt === 1 ? example.slug : `${example.slug}-${attempt}`;
    const response = await api(serverUrl, builder, 'POST', '/api/apps', {
      definition: { ...example, slug },
    });
    if (response.status === 201) created = await response.json();
    else if (response.status !== 409 || attempt >= 20)
      throw await failure(`creating the ${name} example`, response);
  }
  const response = await api(serverUrl, builder, 'POST', `/api/apps/${created.id}/publish`, {});
  if (response.status === 422) {
    const result = (await response.json()) as PublishResult;
    const blocking = result.findings
      .filter((finding) => finding.severity === 'blocker')
      .map((finding) => `${finding.ruleId} at ${finding.path}: ${finding.message}`);
    throw new Error(`the review blocks publishing ${name}:\n${blocking.join('\n')}`);
  }
  if (!response.ok) throw await failure(`publishing the ${name} example`, response);
  const result = (await response.json()) as PublishResult;
  if (!result.published || !result.url)
    throw new Error(`${name} was not published: ${JSON.stringify(result)}`);
  return { appId: created.id, slug: created.slug, url: result.url, definition: created.definition };
}

export interface SignInLink {
  /** The link as mailed (`…/u/{username}/{slug}/#token=…`); it works once. */
  link: string;
  /** The token in its fragment, for `POST …/auth/session`. */
  token: string;
}

/** Mails that arrive in the outbox after the request that sends them has been answered. */
const OUTBOX_WAIT_MS = 10_000;

/**
 * Invites `email` with `role` to an invite-only app (an address already invited is fine), asks
 * for a magic link as the end user would on the app's sign-in page, and reads the link from the
 * builder's outbox, where embedded mode delivers mail. The link is not used here: the test opens
 * it (in a browser) or trades the token for a session (`appSession`).
 */
export async function inviteAndSignIn(
  serverUrl: string,
  builder: Builder,
  appId: string,
  username: string,
  slug: string,
  email: string,
  role: string,
): Promise<SignInLink> {
  const invited = await api(serverUrl, builder, 'POST', `/api/apps/${appId}/end-users`, { email, role });
  if (invited.status !== 201 && invited.status !== 409)
    throw await failure(`inviting ${email} as ${role}`, invited);
  if (invited.status === 409) await invited.body?.cancel();

  const before = new Set((await outbox(serverUrl, builder)).map((mail) => mail.id));
  const asked = await fetch(`${serverUrl}/u/${username}/${slug}/auth/magic-link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (asked.status !== 202) throw await failure(`asking for a sign-in link for ${email}`, asked);
  await asked.body?.cancel();

  const deadline = Date.now() + OUTBOX_WAIT_MS;
  const to = email.trim().toLowerCase();
  while (Date.now() < deadline) {
    const mail = (await outbox(serverUrl, builder)).find(
      (m) => !before.has(m.id) && m.source === 'magic_link' && m.appId === appId && m.to === to,
    );
    const match = mail && /(\S+#token=([A-Za-z0-9_-]{43}))/.exec(mail.body);
    if (match) return { link: match[1]!, token: match[2]! };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no sign-in link for ${email} reached the outbox within ${OUTBOX_WAIT_MS / 1000} s`);
}

async function outbox(serverUrl: string, builder: Builder): Promise<OutboxList['mail']> {
  const response = await api(serverUrl, builder, 'GET', '/api/outbox');
  if (!response.ok) throw await failure('reading the outbox', response);
  return ((await response.json()) as OutboxList).mail;
}

/** Trades a sign-in link's token for an app session, as the viewer does when the link is opened. */
export async function appSession(
  serverUrl: string,
  username: string,
  slug: string,
  token: string,
): Promise<AppSession> {
  const response = await fetch(`${serverUrl}/u/${username}/${slug}/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!response.ok) throw await failure('signing in with the link', response);
  return (await response.json()) as AppSession;
}

import { type Context, Hono } from 'hono';
import { type AppSession, AppSessionBody, MagicLinkBody } from '../../../schemas/index.ts';
import type { AppEnv, Platform } from '../../kernel/context.ts';
import { HttpError } from '../../kernel/errors.ts';
import { readJsonBody } from '../../kernel/validate.ts';
import { APP_SESSION_TTL_SECONDS } from '../../ports/app-sessions.ts';
import { findInvitation, redeemMagicLink, storeMagicLink } from '../../store/app-sign-in.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import { isAppSessionToken, signOut } from './end-user.ts';

export const MAGIC_LINK_TTL_SECONDS = 15 * 60;
const WINDOW_MS = 15 * 60_000;
/**
 * Links one address may ask for, and links (or sign-ins) one app may see, per 15 minutes. The
 * per-address limit keeps an invited inbox from being flooded; the per-app one bounds the work
 * a stranger can cause, at the price that a flood also delays the app's real end users.
 */
export const SIGN_IN_LIMITS = {
  linksPerEmail: 5,
  linksPerApp: 200,
  sessionsPerApp: 300,
} as const;

async function inviteOnlyApp(c: Context<AppEnv>): Promise<PublishedApp> {
  const { username, slug } = c.req.param() as { username: string; slug: string };
  const app = await c.var.platform.apps.find(username, slug);
  if (!app) throw new HttpError(404, 'not_found', `There is no published app at /u/${username}/${slug}`);
  if (app.level !== 'invite_only') {
    const why = app.level === 'public' ? 'public: anyone can use it' : 'private: only its builder can use it';
    throw new HttpError(400, 'sign_in_not_used', `This app does not use sign-in links: it is ${why}`);
  }
  return app;
}

async function limit(c: Context<AppEnv>, name: string, key: string, max: number, what: string) {
  const decision = await c.var.platform.rateLimiter.hit(key, max, WINDOW_MS);
  if (decision.allowed) return;
  const seconds = Math.max(1, Math.ceil((decision.resetAt - Date.now()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  throw new HttpError(
    429,
    'rate_limited',
    `Too many ${what}: at most ${max} every 15 minutes. Try again in ${minutes} min.`,
    {
      headers: { 'retry-after': String(seconds) },
      limit: { name, max, resetsAt: new Date(decision.resetAt).toISOString() },
    },
  );
}

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The hex SHA-256 of a link token: the only form in which the database keeps it. */
export async function hashLinkToken(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Mails a single-use sign-in link when `email` is invited to the app; does nothing otherwise. */
async function sendMagicLink(platform: Platform, app: PublishedApp, slug: string, email: string) {
  const invitation = await platform.db.asService('app-sign-in', (tx) => findInvitation(tx, app.appId, email));
  if (!invitation) return;
  const token = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const tokenHash = await hashLinkToken(token);
  await platform.db.asService('app-sign-in', (tx) =>
    storeMagicLink(tx, {
      tokenHash,
      appId: app.appId,
      ownerId: app.ownerId,
      endUserId: invitation.endUserId,
      ttlSeconds: MAGIC_LINK_TTL_SECONDS,
    }),
  );
  // The token rides in the fragment, which browsers never send to a server or put in a Referer.
  const link = `${platform.publicUrl}/u/${app.username}/${slug}/#token=${token}`;
  const name = app.definition.name;
  await platform.mailer.send({
    userId: app.ownerId,
    appId: app.appId,
    channel: 'email',
    to: email,
    subject: `Sign in to ${name}`,
    body: [
      'Hello,',
      '',
      `Someone (we hope you) asked to sign in to ${name} with this e-mail address.`,
      `Open this link within ${MAGIC_LINK_TTL_SECONDS / 60} minutes to sign in:`,
      '',
      link,
      '',
      'The link works once. If you did not ask for it, you can ignore this e-mail.',
    ].join('\n'),
    source: 'magic_link',
  });
}

/** Lets background work outlive the response on workerd; Node has no execution context and needs none. */
function runInBackground(c: Context<AppEnv>, work: Promise<void>) {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (Node): the promise runs on by itself.
  }
}

const REFUSED: Record<'unknown' | 'used' | 'expired', [string, string]> = {
  unknown: ['invalid_link', 'This sign-in link is not valid for this app. Ask for a new link.'],
  used: ['link_used', 'This sign-in link was already used: each link works once. Ask for a new link.'],
  expired: [
    'link_expired',
    `This sign-in link has expired: links work for ${MAGIC_LINK_TTL_SECONDS / 60} minutes. Ask for a new link.`,
  ],
};

/**
 * Sign-in for end users of an invite-only app, at `/u/{username}/{slug}/auth`: they ask for a
 * magic link by e-mail, then trade its token for an app-scoped session (no platform account).
 */
export const appAuthRoutes = new Hono<AppEnv>()
  .post('/magic-link', async (c) => {
    const app = await inviteOnlyApp(c);
    const { email } = await readJsonBody(c, MagicLinkBody);
    await limit(
      c,
      'magic_links_per_app',
      `magic-link:${app.appId}`,
      SIGN_IN_LIMITS.linksPerApp,
      'sign-in links for this app',
    );
    await limit(
      c,
      'magic_links_per_email',
      `magic-link:${app.appId}:${email}`,
      SIGN_IN_LIMITS.linksPerEmail,
      'sign-in links for this e-mail address',
    );
    // The same answer whether or not the address is invited, and at the same speed: looking the
    // invitation up and mailing happen after the answer, so neither its words nor its timing
    // tell a stranger who is invited.
    const { platform } = c.var;
    const work = sendMagicLink(platform, app, c.req.param('slug') ?? '', email).catch((error: Error) =>
      platform.log.error('magic_link_failed', {
        appId: app.appId,
        error: error.name,
        message: error.message,
      }),
    );
    runInBackground(c, work);
    return c.json({ sent: true }, 202);
  })
  .post('/session', async (c) => {
    const app = await inviteOnlyApp(c);
    const { token } = await readJsonBody(c, AppSessionBody);
    await limit(c, 'sign_ins_per_app', `app-session:${app.appId}`, SIGN_IN_LIMITS.sessionsPerApp, 'sign-ins');
    const { db, appSessions } = c.var.platform;
    const tokenHash = await hashLinkToken(token);
    const redeemed = await db.asService('app-sign-in', (tx) => redeemMagicLink(tx, tokenHash, app.appId));
    if (!redeemed.ok) {
      const [code, message] = REFUSED[redeemed.reason];
      throw new HttpError(401, code, message);
    }
    const { endUser } = redeemed;
    const accessToken = await appSessions.sign({
      appId: app.appId,
      endUserId: endUser.id,
      roleId: endUser.role,
      email: endUser.email,
    });
    const session: AppSession = {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: APP_SESSION_TTL_SECONDS,
      end_user: { email: endUser.email, role: endUser.role },
    };
    c.header('cache-control', 'no-store');
    return c.json(session);
  })
  // Ends the app session it is called with, on the server too: the data API and the viewer
  // refuse it from then on (see `signOut`). Without a session (or with one that no longer
  // works) there is nothing to end, and the answer is the same, so it never tells whether a
  // token was good.
  .post('/logout', async (c) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token || !isAppSessionToken(token)) return c.body(null, 204);
    const { platform } = c.var;
    const { username, slug } = c.req.param() as { username: string; slug: string };
    const app = await platform.apps.find(username, slug);
    const session = app ? await platform.appSessions.verify(token, app.appId) : null;
    if (app && session) await signOut(platform.db, app, session);
    return c.body(null, 204);
  });

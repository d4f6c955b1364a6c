import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { OutboxList } from '../../../schemas/index.ts';
import { api, type Builder } from '../../testing/builders.ts';
import { taskBoard } from './data-api.fixture.ts';

/**
 * The task board as an invite-only team app: members keep their own tasks (and never see the
 * internal note), viewers read every task but change nothing.
 */
export function teamBoard(slug = 'team-board'): AppDefinition {
  const definition = taskBoard(slug, 'invite_only');
  definition.name = 'Team board';
  const hiddenFields = [{ tableId: 'tasks', fieldId: 'secret_note' }];
  const readProjects = {
    tableId: 'projects',
    create: false,
    read: true,
    update: false,
    delete: false,
    rowScope: 'all',
  } as const;
  definition.access = {
    level: 'invite_only',
    defaultRoleId: 'member',
    roles: [
      {
        id: 'member',
        label: 'Member',
        tables: [
          { tableId: 'tasks', create: true, read: true, update: true, delete: true, rowScope: 'own' },
          readProjects,
        ],
        hiddenFields,
      },
      {
        id: 'viewer',
        label: 'Viewer',
        tables: [
          { tableId: 'tasks', create: false, read: true, update: false, delete: false, rowScope: 'all' },
          readProjects,
        ],
        hiddenFields,
      },
    ],
  };
  return definition;
}

/** Creates and publishes an app as `builder`; returns its id. */
export async function publishApp(url: string, builder: Builder, definition: AppDefinition): Promise<string> {
  const created = await api(url, builder, 'POST', '/api/apps', { definition });
  if (created.status !== 201) throw new Error(`create failed: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const published = await api(url, builder, 'POST', `/api/apps/${id}/publish`, {});
  if (published.status !== 200) throw new Error(`publish failed: ${await published.text()}`);
  return id;
}

export const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export async function outbox(url: string, builder: Builder): Promise<OutboxList['mail']> {
  const response = await api(url, builder, 'GET', '/api/outbox');
  if (response.status !== 200) throw new Error(`outbox failed: ${response.status}`);
  return ((await response.json()) as OutboxList).mail;
}

/**
 * Waits for the `count`-th sign-in mail to `to` in the builder's outbox (links are mailed after
 * the 202, so they land a moment later) and returns its token.
 */
export async function linkTokenFor(url: string, builder: Builder, to: string, count = 1): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const mail = (await outbox(url, builder)).filter((m) => m.to === to && m.source === 'magic_link');
    if (mail.length >= count) {
      const token = /#token=([A-Za-z0-9_-]{43})\b/.exec(mail[0]!.body)?.[1];
      if (!token) throw new Error(`no token in the mail: ${mail[0]!.body}`);
      return token;
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error(`no sign-in mail to ${to} arrived`);
}

import { referencedPaths } from '../../runtime/expr/index.ts';
import type { AppDefinition, Automation, Table } from '../../schemas/definitions.ts';
import { hides, publicVisitor, type Visitor, visitorWrites } from './app-access.ts';
import { type Finding, finding } from './finding.ts';

/** The notify actions of the app's enabled automations, with their table and where they are. */
function notifications(app: AppDefinition) {
  return app.automations.flatMap((automation, a) => {
    if (automation.enabled === false) return [];
    const table = app.tables.find((candidate) => candidate.id === automation.tableId);
    if (!table) return [];
    return automation.actions.flatMap((action, k) =>
      action.kind === 'notify' ? [{ automation, table, action, at: ['automations', a, 'actions', k] }] : [],
    );
  });
}

/** Fields of the row (`record.x`, `previous.x`) that the `{{ }}` placeholders of a text read. */
function placeholderFields(text: string): string[] {
  const fields = new Set<string>();
  for (const match of text.matchAll(/\{\{(.*?)\}\}/gs)) {
    for (const path of referencedPaths(match[1]!.trim()) ?? []) {
      if ((path[0] === 'record' || path[0] === 'previous') && path[1]) fields.add(path[1]);
    }
  }
  return [...fields];
}

/**
 * Whether visitors can make the automation run at will, and which fields they choose on such a
 * run: on create, what they type into a new row; on update, also what they change.
 */
function visitorFires(app: AppDefinition, visitor: Visitor, automation: Automation, table: Table) {
  const writes = visitorWrites(app, visitor, table);
  if (automation.trigger.on === 'create') return writes.canCreate ? writes.onCreate : undefined;
  const watched = automation.trigger.watchFields;
  const fires = writes.canUpdate && (!watched || watched.some((id) => writes.onUpdate.has(id)));
  return fires ? new Set([...writes.onCreate, ...writes.onUpdate]) : undefined;
}

const labels = (table: Table, ids: readonly string[]) =>
  ids.map((id) => `"${table.fields.find((field) => field.id === id)?.label ?? id}"`).join(', ');

/**
 * Blocker: an e-mail sent to an address that anyone on the internet typed, on a run anyone can
 * start, makes the app (and our mail domain) a spam relay — all the more with text they chose.
 */
export function publicMailRelay(app: AppDefinition): Finding[] {
  const visitor = publicVisitor(app);
  if (!visitor) return [];
  return notifications(app).flatMap(({ automation, table, action, at }) => {
    const to = action.to;
    if (action.channel !== 'email' || to.kind !== 'field') return [];
    const chosen = visitorFires(app, visitor, automation, table);
    const recipient = table.fields.find((field) => field.id === to.fieldId);
    if (!chosen || !recipient || !chosen.has(recipient.id)) return [];
    const text = [action.subject, action.body].flatMap(placeholderFields);
    const theirText = [...new Set(text)].filter((id) => id !== recipient.id && chosen.has(id));
    const withText = theirText.length ? `, with text they choose (${labels(table, theirText)})` : '';
    const how = automation.trigger.on === 'create' ? 'add a row to' : 'change a row of';
    return [
      finding(
        'app.public-mail-relay',
        'blocker',
        [...at, 'to'],
        `Mails any address from public input: anyone on the internet can ${how} ${table.label} with any ` +
          `address as "${recipient.label}", and "${automation.label}" e-mails it${withText}. ` +
          'That makes the app a spam relay. Send it to a role or a fixed address instead, or make the app ' +
          'invite-only so only people you invite can start it.',
      ),
    ];
  });
}

/**
 * Warning: a fixed address mailed on every row visitors add can be flooded by a script. The inbox
 * is the builder's own and the content is theirs, so it is abuse of their time, not of others.
 */
export function publicCreateMailsAddress(app: AppDefinition): Finding[] {
  const visitor = publicVisitor(app);
  if (!visitor) return [];
  return notifications(app).flatMap(({ automation, table, action, at }) => {
    if (automation.trigger.on !== 'create' || action.channel !== 'email' || action.to.kind !== 'address')
      return [];
    if (!visitorWrites(app, visitor, table).canCreate) return [];
    return [
      finding(
        'app.public-create-mails-address',
        'warning',
        [...at, 'to'],
        `Each time anyone on the internet adds a row to ${table.label}, "${automation.label}" e-mails ` +
          `${action.to.email}: a script could fill that inbox with thousands of mails (a condition on the ` +
          'row does not stop it, visitors choose the values). Prefer an in-app notification to a role.',
      ),
    ];
  });
}

/**
 * Warning: a role's hidden fields are a decision about who may know what; a notification that puts
 * such a field in front of that role undoes it outside the app, where it cannot be taken back.
 */
export function notificationRevealsHidden(app: AppDefinition): Finding[] {
  return notifications(app).flatMap(({ table, action, at }) => {
    if (action.to.kind !== 'role') return [];
    const roleId = action.to.roleId;
    const role = app.access.roles.find((candidate) => candidate.id === roleId);
    if (!role) return [];
    return (['subject', 'body'] as const).flatMap((part) => {
      const hidden = placeholderFields(action[part]).filter((id) => hides(role, table.id, id));
      if (hidden.length === 0) return [];
      return [
        finding(
          'app.notification-reveals-hidden',
          'warning',
          [...at, part],
          `This notification shows ${labels(table, hidden)} of ${table.label} to role "${role.label}", which ` +
            'may not see it in the app. Leave it out of the message, or notify a role that may see it.',
        ),
      ];
    });
  });
}

export const AUTOMATION_RULES = [publicMailRelay, publicCreateMailsAddress, notificationRevealsHidden];

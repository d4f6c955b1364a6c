import { describe, expect, it } from 'vitest';
import { validateApp } from '../../runtime/definitions/index.ts';
import type { AppDefinition, Automation } from '../../schemas/definitions.ts';
import {
  notificationRevealsHidden,
  publicCreateMailsAddress,
  publicMailRelay,
} from './app-automation-rules.ts';
import { publicTasksApp } from './review.fixtures.ts';

const short = (findings: { ruleId: string; severity: string; path: string }[]) =>
  findings.map(({ ruleId, severity, path }) => ({ ruleId, severity, path }));

/** The fixture with one more automation on Tasks (automations[1]). */
function withAutomation(automation: Partial<Automation>, change: (a: AppDefinition) => void = () => {}) {
  const a = publicTasksApp();
  a.automations.push({
    id: 'added',
    label: 'Added automation',
    tableId: 'tasks',
    trigger: { on: 'create' },
    actions: [],
    ...automation,
  });
  change(a);
  expect(validateApp(a).ok).toBe(true); // every case is a definition a builder could publish
  return a;
}

type Recipient = Extract<Automation['actions'][number], { kind: 'notify' }>['to'];

const mailTo = (to: Recipient, body = 'Thanks!') => ({
  kind: 'notify' as const,
  channel: 'email' as const,
  to,
  subject: 'Your task',
  body,
});

describe('app.public-mail-relay', () => {
  it('blocks mailing an address anyone can type on a public create, naming the text they choose', () => {
    const app = withAutomation({
      actions: [mailTo({ kind: 'field', fieldId: 'reporter_email' }, 'You wrote: {{record.notes}}')],
    });
    const findings = publicMailRelay(app);
    expect(short(findings)).toEqual([
      { ruleId: 'app.public-mail-relay', severity: 'blocker', path: 'automations[1].actions[0].to' },
    ]);
    expect(findings[0]!.message).toContain('Mails any address from public input');
    expect(findings[0]!.message).toContain('with text they choose ("Notes")');
  });

  it('counts a public form as public input even without a create permission', () => {
    const app = withAutomation({ actions: [mailTo({ kind: 'field', fieldId: 'reporter_email' })] }, (a) => {
      a.access.roles[0]!.tables[0]!.create = false;
    });
    expect(publicMailRelay(app)).toHaveLength(1);
  });

  it('blocks an update trigger when visitors may change the watched field on every row', () => {
    const app = withAutomation(
      {
        trigger: { on: 'update', watchFields: ['status'] },
        actions: [mailTo({ kind: 'field', fieldId: 'reporter_email' })],
      },
      (a) => {
        a.access.roles[0]!.tables[0]!.update = true;
      },
    );
    expect(short(publicMailRelay(app))).toEqual([
      { ruleId: 'app.public-mail-relay', severity: 'blocker', path: 'automations[1].actions[0].to' },
    ]);
  });

  it('stays quiet when visitors cannot start it or cannot choose the address', () => {
    // only staff change rows
    const onUpdate = withAutomation({
      trigger: { on: 'update' },
      actions: [mailTo({ kind: 'field', fieldId: 'reporter_email' })],
    });
    expect(publicMailRelay(onUpdate)).toEqual([]);
    // the address is not in the form and visitors may not create through the data API
    const notTyped = withAutomation(
      { actions: [mailTo({ kind: 'field', fieldId: 'reporter_email' })] },
      (a) => {
        a.access.roles[0]!.tables[0]!.create = false;
        const form = a.views[1]!;
        if (form.kind === 'form') form.sections[0]!.fields = ['title', 'notes'];
      },
    );
    expect(publicMailRelay(notTyped)).toEqual([]);
    // an invite-only app: only invited people type addresses
    const invited = withAutomation(
      { actions: [mailTo({ kind: 'field', fieldId: 'reporter_email' })] },
      (a) => {
        a.access.level = 'invite_only';
        const form = a.views[1]!;
        if (form.kind === 'form') form.allowedRoles = ['visitor'];
      },
    );
    expect(publicMailRelay(invited)).toEqual([]);
  });
});

describe('app.public-create-mails-address', () => {
  it('warns when every public create mails a fixed address', () => {
    const findings = publicCreateMailsAddress(
      withAutomation({ actions: [mailTo({ kind: 'address', email: 'team@example.com' })] }),
    );
    expect(short(findings)).toEqual([
      {
        ruleId: 'app.public-create-mails-address',
        severity: 'warning',
        path: 'automations[1].actions[0].to',
      },
    ]);
    expect(findings[0]!.message).toContain('team@example.com');
  });

  it('stays quiet for in-app notifications and for tables visitors cannot add to', () => {
    expect(publicCreateMailsAddress(publicTasksApp())).toEqual([]);
    const staffOnly = withAutomation({
      tableId: 'people',
      actions: [mailTo({ kind: 'address', email: 'team@example.com' })],
    });
    expect(publicCreateMailsAddress(staffOnly)).toEqual([]);
  });
});

describe('app.notification-reveals-hidden', () => {
  it('warns when a notification shows a role a field hidden from it', () => {
    const app = withAutomation({
      actions: [
        {
          kind: 'notify',
          channel: 'in_app',
          to: { kind: 'role', roleId: 'visitor' },
          subject: 'New task',
          body: 'From {{ record.reporter_email }}: {{record.title}}',
        },
      ],
    });
    const findings = notificationRevealsHidden(app);
    expect(short(findings)).toEqual([
      {
        ruleId: 'app.notification-reveals-hidden',
        severity: 'warning',
        path: 'automations[1].actions[0].body',
      },
    ]);
    expect(findings[0]!.message).toContain('"Reporter e-mail"');
  });

  it('stays quiet when the role may see every field in the message', () => {
    expect(notificationRevealsHidden(publicTasksApp())).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { validateApp } from '../../runtime/definitions/index.ts';
import type { AppDefinition, Field } from '../../schemas/definitions.ts';
import {
  anyoneFormNotPublic,
  appPastedSecrets,
  attachmentTypes,
  deleteAllUnguarded,
  privateUnusedRoles,
  publicPersonalData,
  publicWriteAll,
  reviewApp,
} from './app-rules.ts';
import { publicTasksApp } from './review.fixtures.ts';

const short = (findings: { ruleId: string; severity: string; path: string }[]) =>
  findings.map(({ ruleId, severity, path }) => ({ ruleId, severity, path }));

function app(change: (a: AppDefinition) => void = () => {}): AppDefinition {
  const a = publicTasksApp();
  change(a);
  return a;
}

const visitor = (a: AppDefinition) => a.access.roles[0]!;
const tasks = (a: AppDefinition) => a.tables[0]!;

describe('the fixture', () => {
  it('is a valid app the review has nothing to say about', () => {
    expect(validateApp(app()).ok).toBe(true);
    expect(reviewApp(app())).toEqual([]);
  });
});

describe('app.public-write-all', () => {
  it('blocks a public app whose visitors may change every row, naming the table', () => {
    const findings = publicWriteAll(app((a) => Object.assign(visitor(a).tables[0]!, { update: true })));
    expect(short(findings)).toEqual([
      { ruleId: 'app.public-write-all', severity: 'blocker', path: 'access.roles[0].tables[0]' },
    ]);
    expect(findings[0]!.message).toContain('Anyone on the internet could change every row of Tasks');
  });

  it('says "change or delete" when visitors may do both', () => {
    const [f] = publicWriteAll(
      app((a) => Object.assign(visitor(a).tables[0]!, { update: true, delete: true })),
    );
    expect(f!.message).toContain('could change or delete every row of Tasks');
  });

  it('lets visitors create rows, and stays quiet on own rows or an invite-only app', () => {
    expect(publicWriteAll(app())).toEqual([]);
    const own = app((a) => Object.assign(visitor(a).tables[0]!, { delete: true, rowScope: 'own' }));
    expect(publicWriteAll(own)).toEqual([]);
    const invited = app((a) => {
      Object.assign(visitor(a).tables[0]!, { delete: true });
      a.access.level = 'invite_only';
    });
    expect(publicWriteAll(invited)).toEqual([]);
  });
});

describe('app.public-personal-data', () => {
  it('blocks an e-mail field visitors read on every row, with the field path', () => {
    const findings = publicPersonalData(app((a) => visitor(a).hiddenFields!.shift()));
    expect(short(findings)).toEqual([
      { ruleId: 'app.public-personal-data', severity: 'blocker', path: 'tables[0].fields[2]' },
    ]);
    expect(findings[0]!.message).toContain('e-mail addresses in "Reporter e-mail" in Tasks');
    expect(findings[0]!.message).toContain('access.roles[0].hiddenFields');
  });

  it('follows a lookup to the phone number it shows', () => {
    const findings = publicPersonalData(app((a) => visitor(a).hiddenFields!.pop()));
    expect(short(findings)).toEqual([
      { ruleId: 'app.public-personal-data', severity: 'blocker', path: 'tables[0].fields[6]' },
    ]);
    expect(findings[0]!.message).toContain('phone numbers');
  });

  it('stays quiet when the fields are hidden, visitors only see their own rows, or the app is not public', () => {
    expect(publicPersonalData(app())).toEqual([]);
    const own = app((a) => {
      visitor(a).hiddenFields = [];
      visitor(a).tables[0]!.rowScope = 'own';
    });
    expect(publicPersonalData(own)).toEqual([]);
    const invited = app((a) => {
      visitor(a).hiddenFields = [];
      a.access.level = 'invite_only';
    });
    expect(publicPersonalData(invited)).toEqual([]);
  });
});

describe('app.attachment-types', () => {
  const withTypes = (...types: string[]) =>
    app((a) => {
      (tasks(a).fields[4] as Extract<Field, { type: 'attachment' }>).allowedTypes = types;
    });

  it.each([
    ['image/svg+xml', 'carry scripts'],
    ['.html', 'web page'],
    ['.exe', 'program'],
    ['.js', 'script'],
  ])('blocks %s', (type, why) => {
    const findings = attachmentTypes(withTypes('image/png', type));
    expect(short(findings)).toEqual([
      { ruleId: 'app.attachment-types', severity: 'blocker', path: 'tables[0].fields[4].allowedTypes[1]' },
    ]);
    expect(findings[0]!.message).toContain(why);
  });

  it.each(['application/*', 'text/*', '*/*', 'application/octet-stream'])(
    'warns about the broad %s',
    (type) => {
      expect(short(attachmentTypes(withTypes(type)))).toEqual([
        { ruleId: 'app.attachment-types', severity: 'warning', path: 'tables[0].fields[4].allowedTypes[0]' },
      ]);
    },
  );

  it('warns about an attachment field with no type limit', () => {
    expect(short(attachmentTypes(withTypes()))).toEqual([
      { ruleId: 'app.attachment-types', severity: 'warning', path: 'tables[0].fields[4].allowedTypes' },
    ]);
  });

  it('accepts exact image and document types', () => {
    expect(attachmentTypes(withTypes('image/png', 'image/webp', '.pdf', '.docx'))).toEqual([]);
  });
});

describe('app.anyone-form-not-public', () => {
  it('warns about a form open to anyone in an invite-only app', () => {
    const findings = anyoneFormNotPublic(app((a) => (a.access.level = 'invite_only')));
    expect(short(findings)).toEqual([
      { ruleId: 'app.anyone-form-not-public', severity: 'warning', path: 'views[1].allowedRoles' },
    ]);
    expect(findings[0]!.message).toContain('invite-only');
  });

  it('stays quiet on a public app, and on a form that lists its roles', () => {
    expect(anyoneFormNotPublic(app())).toEqual([]);
    const listed = app((a) => {
      a.access.level = 'invite_only';
      const form = a.views[1]!;
      if (form.kind === 'form') form.allowedRoles = ['staff'];
    });
    expect(anyoneFormNotPublic(listed)).toEqual([]);
  });
});

describe('app.delete-all-unguarded', () => {
  it('points out a role that may delete every row of a table with no state machine or rules', () => {
    const findings = deleteAllUnguarded(app((a) => (a.access.roles[1]!.tables[1]!.delete = true)));
    expect(short(findings)).toEqual([
      { ruleId: 'app.delete-all-unguarded', severity: 'info', path: 'access.roles[1].tables[1].delete' },
    ]);
    expect(findings[0]!.message).toContain('"Staff" may delete every row of People');
  });

  it('stays quiet when the table has validation rules, the scope is own, or the app is private', () => {
    expect(deleteAllUnguarded(app())).toEqual([]); // staff delete tasks, which have a validation rule
    const own = app((a) => Object.assign(a.access.roles[1]!.tables[1]!, { delete: true, rowScope: 'own' }));
    expect(deleteAllUnguarded(own)).toEqual([]);
    const privateApp = app((a) => {
      a.access.roles[1]!.tables[1]!.delete = true;
      a.access.level = 'private';
    });
    expect(deleteAllUnguarded(privateApp)).toEqual([]);
  });
});

describe('app.private-unused-roles', () => {
  it('points out the roles of a private app other than its default', () => {
    const findings = privateUnusedRoles(app((a) => (a.access.level = 'private')));
    expect(short(findings)).toEqual([
      { ruleId: 'app.private-unused-roles', severity: 'info', path: 'access.roles[1]' },
    ]);
    expect(findings[0]!.message).toContain('"Staff" can never be used');
  });

  it('stays quiet for other access levels and for a private app with one role', () => {
    expect(privateUnusedRoles(app())).toEqual([]);
    const single = app((a) => {
      a.access.level = 'private';
      a.access.roles.pop();
    });
    expect(privateUnusedRoles(single)).toEqual([]);
  });
});

describe('app.pasted-secret', () => {
  it('blocks a key pasted into an automation', () => {
    const key = `sk-ant-api03-${'Q7'.repeat(20)}`;
    const findings = appPastedSecrets(
      app((a) => {
        const action = a.automations[0]!.actions[0]!;
        if (action.kind === 'notify') action.body = `Use ${key} for the API`;
      }),
    );
    expect(short(findings)).toEqual([
      { ruleId: 'app.pasted-secret', severity: 'blocker', path: 'automations[0].actions[0].body' },
    ]);
    expect(findings[0]!.message).toContain('an Anthropic API key');
  });

  it('stays quiet on ordinary text', () => {
    expect(appPastedSecrets(app())).toEqual([]);
  });
});

describe('reviewApp', () => {
  it('puts blockers first', () => {
    const findings = reviewApp(
      app((a) => {
        a.access.roles[1]!.tables[1]!.delete = true; // info
        visitor(a).tables[0]!.delete = true; // blocker
      }),
    );
    expect(findings.map((f) => f.severity)).toEqual(['blocker', 'info']);
  });
});

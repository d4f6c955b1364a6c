import type { AppDefinition, Field } from '../../schemas/definitions.ts';
import { fieldName, hides, publicVisitor, sourceField, visitorReadsAll } from './app-access.ts';
import { AUTOMATION_RULES } from './app-automation-rules.ts';
import { bySeverity, type Finding, finding } from './finding.ts';
import { findPastedSecrets, stringsIn } from './pasted-secrets.ts';

/** One deterministic check of an app definition. */
export type AppRule = (app: AppDefinition) => Finding[];

/**
 * Blocker: visitors of a public app are anyone on the internet, so `update`/`delete` on all rows
 * lets a stranger (or a script) rewrite or wipe the app's data in one request.
 */
export function publicWriteAll(app: AppDefinition): Finding[] {
  const visitor = publicVisitor(app);
  if (!visitor) return [];
  return visitor.role.tables.flatMap((permission, t) => {
    if (permission.rowScope !== 'all' || !(permission.update || permission.delete)) return [];
    const table = app.tables.find((candidate) => candidate.id === permission.tableId);
    const words = (update: string, del: string, joiner: string) =>
      [permission.update && update, permission.delete && del].filter(Boolean).join(joiner);
    const rights = words('change', 'delete', ' or ');
    return [
      finding(
        'app.public-write-all',
        'blocker',
        ['access', 'roles', visitor.roleIndex, 'tables', t],
        `Anyone on the internet could ${rights} every row of ${table?.label ?? permission.tableId}: ` +
          `visitors get the role "${visitor.role.label}", which may ${rights} all rows. Remove ` +
          `${words('update', 'delete', ' and ')} from this role and give it to a role for people you invite.`,
      ),
    ];
  });
}

const PERSONAL: Partial<Record<Field['type'], string>> = {
  email: 'e-mail addresses',
  phone: 'phone numbers',
};

/**
 * Blocker: an e-mail or phone field that visitors can read on every row publishes personal data
 * of everyone in the table (also through a lookup that shows such a field from another table).
 */
export function publicPersonalData(app: AppDefinition): Finding[] {
  const visitor = publicVisitor(app);
  if (!visitor) return [];
  const findings: Finding[] = [];
  const hiddenAt = `access.roles[${visitor.roleIndex}].hiddenFields`;
  app.tables.forEach((table, t) => {
    if (!visitorReadsAll(visitor, table.id)) return;
    table.fields.forEach((field, f) => {
      const source = sourceField(app, table, field);
      const what = source && PERSONAL[source.type];
      if (!what || hides(visitor.role, table.id, field.id)) return;
      const via = source === field ? '' : ` (it looks up ${source.label.toLowerCase()} from a related table)`;
      findings.push(
        finding(
          'app.public-personal-data',
          'blocker',
          ['tables', t, 'fields', f],
          `Anyone on the internet can read the ${what} in ${fieldName(table, field)}${via}: visitors ` +
            `(role "${visitor.role.label}") read every row of ${table.label} and this field is not hidden ` +
            `from them. Add it to the role's hidden fields (${hiddenAt}), or stop visitors reading ${table.label}.`,
        ),
      );
    });
  });
  return findings;
}

const PROGRAM = 'a program that runs on the computer of whoever downloads it';
const SCRIPT = 'a script that runs wherever it is opened';
const PAGE = 'a web page whose scripts run in the browser of whoever opens it, as if the app sent them';
const SVG = 'an image format that can carry scripts, which run in the browser of whoever opens it';

/** Files that run, or render as a page whose scripts run, on the machine of whoever opens them. */
const DANGEROUS_TYPES: ReadonlyMap<string, string> = new Map([
  ...[
    '.exe',
    '.msi',
    '.bat',
    '.cmd',
    '.com',
    '.scr',
    '.ps1',
    '.sh',
    '.vbs',
    '.jar',
    '.apk',
    '.dll',
    '.hta',
    '.php',
    'application/x-msdownload',
    'application/x-msdos-program',
    'application/x-executable',
    'application/x-sh',
    'application/vnd.microsoft.portable-executable',
    'application/java-archive',
    'application/vnd.android.package-archive',
    'application/x-httpd-php',
  ].map((type) => [type, PROGRAM] as const),
  ...['.js', '.mjs', '.cjs', 'text/javascript', 'application/javascript', 'application/x-javascript'].map(
    (type) => [type, SCRIPT] as const,
  ),
  ...['.html', '.htm', '.xhtml', '.shtml', 'text/html', 'application/xhtml+xml'].map(
    (type) => [type, PAGE] as const,
  ),
  ...['.svg', '.svgz', 'image/svg+xml'].map((type) => [type, SVG] as const),
]);

/** Types that let almost anything through, including the dangerous ones above. */
const BROAD_TYPES = new Set([
  '*/*',
  'application/*',
  'text/*',
  'application/octet-stream',
  '.xml',
  'text/xml',
  'application/xml',
]);

/**
 * Blocker for a type that is a program, a script, a web page or an SVG: a stored file anyone can
 * open becomes malware hosting or script injection under the app's address. Warning for wildcards
 * that let such files in without naming them: likely a shortcut, not a decision, and the upload
 * still has to pass the runtime's own content checks.
 */
export function attachmentTypes(app: AppDefinition): Finding[] {
  const findings: Finding[] = [];
  app.tables.forEach((table, t) => {
    table.fields.forEach((field, f) => {
      if (field.type !== 'attachment') return;
      const at = ['tables', t, 'fields', f, 'allowedTypes'];
      const name = `Attachment field ${fieldName(table, field)}`;
      const types: readonly string[] = field.allowedTypes ?? [];
      if (types.length === 0)
        findings.push(
          finding(
            'app.attachment-types',
            'warning',
            at,
            `${name} accepts any file type. List the types people need, e.g. image/png, image/jpeg, .pdf.`,
          ),
        );
      types.forEach((type, k) => {
        const normal = type.toLowerCase();
        const danger = DANGEROUS_TYPES.get(normal);
        if (danger)
          findings.push(
            finding(
              'app.attachment-types',
              'blocker',
              [...at, k],
              `${name} accepts ${type}: ${danger}. Remove it from the allowed types ` +
                '(for images allow image/png, image/jpeg or image/webp; for documents, .pdf).',
            ),
          );
        else if (BROAD_TYPES.has(normal))
          findings.push(
            finding(
              'app.attachment-types',
              'warning',
              [...at, k],
              `${name} accepts ${type}, which lets in almost any file, web pages and programs included. ` +
                'List the exact types people need instead, e.g. .pdf or image/png.',
            ),
          );
      });
    });
  });
  return findings;
}

/**
 * Warning: a form open to `anyone` in an app that is not public cannot reach anyone beyond its
 * invited users (or the builder), so either the access level or the form says something the
 * builder did not mean — and "fixing" it by making the app public changes who sees everything.
 */
export function anyoneFormNotPublic(app: AppDefinition): Finding[] {
  if (app.access.level === 'public') return [];
  const who =
    app.access.level === 'private'
      ? 'the app is private, so only you can open it'
      : 'the app is invite-only, so only people you invite can open it';
  return app.views.flatMap((view, v) => {
    if (view.kind !== 'form' || view.allowedRoles !== 'anyone') return [];
    return [
      finding(
        'app.anyone-form-not-public',
        'warning',
        ['views', v, 'allowedRoles'],
        `Form "${view.label}" is open to "anyone", but ${who}. If you meant a public sign-up form, ` +
          'make the app public (and check what visitors may then read); otherwise list the roles that may submit it.',
      ),
    ];
  });
}

/**
 * Info: deleting is for good, and a role that may delete every row of a table with no state
 * machine or validation rules has nothing that makes the table's data deliberate. Not a mistake in
 * itself (managers do need it), so only pointed out. Skipped for private apps (only the builder
 * uses them) and for the visitor role (a blocker above).
 */
export function deleteAllUnguarded(app: AppDefinition): Finding[] {
  if (app.access.level === 'private') return [];
  const visitor = publicVisitor(app);
  return app.access.roles.flatMap((role, r) => {
    if (visitor && r === visitor.roleIndex) return [];
    return role.tables.flatMap((permission, t) => {
      if (!permission.delete || permission.rowScope !== 'all') return [];
      const table = app.tables.find((candidate) => candidate.id === permission.tableId);
      if (!table || table.stateMachine || (table.validationRules?.length ?? 0) > 0) return [];
      return [
        finding(
          'app.delete-all-unguarded',
          'info',
          ['access', 'roles', r, 'tables', t, 'delete'],
          `Role "${role.label}" may delete every row of ${table.label}, and the table has no state machine ` +
            'or validation rules. If rows should rather be closed or archived, add a status field and ' +
            'take delete away, or limit the role to its own rows.',
        ),
      ];
    });
  });
}

/** Info: a private app is only ever opened by its builder, so its other roles are dead weight. */
export function privateUnusedRoles(app: AppDefinition): Finding[] {
  if (app.access.level !== 'private') return [];
  return app.access.roles.flatMap((role, r) =>
    role.id === app.access.defaultRoleId
      ? []
      : [
          finding(
            'app.private-unused-roles',
            'info',
            ['access', 'roles', r],
            `Role "${role.label}" can never be used: a private app is open only to you. Remove it, or make ` +
              'the app invite-only to give it to people you invite.',
          ),
        ],
  );
}

/**
 * Blocker: a key pasted into a definition is stored in plain text in every version, shown in diffs,
 * given to the agents and served to the editor; it has to be revoked and kept in the secrets store.
 */
export function appPastedSecrets(app: AppDefinition): Finding[] {
  return [...stringsIn(app)].flatMap(({ path, text }) =>
    findPastedSecrets(text).map((secret) =>
      finding(
        'app.pasted-secret',
        'blocker',
        path,
        `This text contains ${secret.kind}. Anything in a definition is stored in plain text and shown ` +
          'to everyone who edits the app: remove it, and revoke the key with its provider.',
      ),
    ),
  );
}

export const APP_RULES: readonly AppRule[] = [
  publicWriteAll,
  publicPersonalData,
  attachmentTypes,
  ...AUTOMATION_RULES,
  anyoneFormNotPublic,
  deleteAllUnguarded,
  privateUnusedRoles,
  appPastedSecrets,
];

/** Every finding of the app rules, blockers first. Pure: the editor runs it as the server does. */
export function reviewApp(app: AppDefinition): Finding[] {
  return bySeverity(APP_RULES.flatMap((rule) => rule(app)));
}

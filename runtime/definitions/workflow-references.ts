import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { IssueList } from './result.ts';

/** The builder's component apps, as far as a workflow's record steps need them. */
export interface WorkflowAppInfo {
  id: string;
  tables: { id: string; fields: { id: string; type: string }[] }[];
}

/** Field types whose value the app itself fills in; a workflow may not write them. */
const READ_ONLY_FIELD_TYPES = new Set([
  'lookup',
  'rollup',
  'computed',
  'autonumber',
  'created_at',
  'updated_at',
  'created_by',
]);

/** `a, b, c` (or the first dozen and a count), so a message stays readable with 200 steps. */
export function listNames(names: readonly string[], max = 12): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Reports every id used twice, at its later occurrence, naming where it was first used. */
export function checkUniqueIds(
  issues: IssueList,
  path: readonly PropertyKey[],
  items: readonly { id: string }[],
  what: string,
): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const earlier = first.get(item.id);
    if (earlier === undefined) first.set(item.id, i);
    else {
      const where = `${String(path.at(-1))}[${earlier}]`;
      issues.add(
        [...path, i, 'id'],
        `${what} id "${item.id}" is used twice (also ${where}); ids must be unique`,
      );
    }
  });
}

/** Whether `host` is allowed by a pattern: exact, or `*.example.com` for any subdomain of it. */
export function hostAllowed(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) {
    const suffix = p.slice(1);
    return h.endsWith(suffix) && h.length > suffix.length;
  }
  return h === p;
}

/**
 * Connections: every `connectionId` (on steps and on message/polling triggers) names a declared
 * connection, and a connection's base URL points at a host it is allowed to call. Webhook
 * verification names a declared secret.
 */
export function checkConnectionsAndSecrets(def: WorkflowDefinition, issues: IssueList): void {
  const declared = def.connections.map((connection) => connection.id);
  const declaredSet = new Set(declared);
  const checkConnectionId = (path: readonly PropertyKey[], id: string) => {
    if (declaredSet.has(id)) return;
    const known = declared.length
      ? `declared: ${listNames(declared)}`
      : 'no connections are declared; add one under connections';
    issues.add(path, `connection "${id}" is not declared (${known})`);
  };
  def.steps.forEach((step, i) => {
    if (step.kind === 'call_api' || step.kind === 'send_message')
      checkConnectionId(['steps', i, 'connectionId'], step.connectionId);
  });
  if (def.trigger.kind === 'message' || def.trigger.kind === 'polling')
    checkConnectionId(['trigger', 'connectionId'], def.trigger.connectionId);

  def.connections.forEach((connection, i) => {
    if (!connection.baseUrl) return;
    const host = new URL(connection.baseUrl).hostname;
    if (connection.allowedHosts.some((pattern) => hostAllowed(host, pattern))) return;
    issues.add(
      ['connections', i, 'baseUrl'],
      `host "${host}" is not in allowedHosts (${listNames(connection.allowedHosts)}); add it to allowedHosts or change the base URL`,
    );
  });

  const trigger = def.trigger;
  if (trigger.kind === 'webhook' && trigger.verification.kind !== 'none') {
    const secrets = (def.secrets ?? []).map((secret) => secret.id);
    const { secretId } = trigger.verification;
    if (!secrets.includes(secretId)) {
      const known = secrets.length
        ? `declared: ${listNames(secrets)}`
        : 'no secrets are declared; add one under secrets';
      issues.add(['trigger', 'verification', 'secretId'], `secret "${secretId}" is not declared (${known})`);
    }
  }
}

/**
 * Record steps write into one of the builder's apps: the app, the table and each field must exist,
 * and a field must be one a person could type into. Only checked when the apps are known.
 */
export function checkRecordSteps(
  def: WorkflowDefinition,
  apps: readonly WorkflowAppInfo[],
  issues: IssueList,
): void {
  def.steps.forEach((step, i) => {
    if (step.kind !== 'create_record' && step.kind !== 'update_record') return;
    const app = apps.find((candidate) => candidate.id === step.appId);
    if (!app) {
      const known = apps.length ? `apps: ${listNames(apps.map((a) => a.id))}` : 'you have no apps yet';
      issues.add(['steps', i, 'appId'], `app "${step.appId}" is not one of your apps (${known})`);
      return;
    }
    const table = app.tables.find((candidate) => candidate.id === step.tableId);
    if (!table) {
      const known = listNames(app.tables.map((t) => t.id)) || 'it has no tables';
      issues.add(
        ['steps', i, 'tableId'],
        `table "${step.tableId}" is not in app "${app.id}" (tables: ${known})`,
      );
      return;
    }
    const seen = new Set<string>();
    step.values.forEach((value, j) => {
      const path = ['steps', i, 'values', j, 'fieldId'];
      const field = table.fields.find((candidate) => candidate.id === value.fieldId);
      if (!field) {
        const writable = table.fields.filter((f) => !READ_ONLY_FIELD_TYPES.has(f.type)).map((f) => f.id);
        issues.add(
          path,
          `field "${value.fieldId}" is not in table "${table.id}" (writable fields: ${listNames(writable) || 'none'})`,
        );
      } else if (READ_ONLY_FIELD_TYPES.has(field.type)) {
        issues.add(
          path,
          `field "${field.id}" is ${/^[aeiou]/.test(field.type) ? 'an' : 'a'} ${field.type} field, which the app fills in itself; a workflow cannot write it`,
        );
      } else if (seen.has(field.id)) {
        issues.add(path, `field "${field.id}" is set twice in this step; keep one value`);
      }
      seen.add(value.fieldId);
    });
  });
}

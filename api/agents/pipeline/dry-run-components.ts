import type { Actor } from '../../../runtime/components/access.ts';
import { prepareWrite } from '../../../runtime/components/write.ts';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { RecordCase } from '../../../schemas/index.ts';

// The components contract cases, run against a candidate definition through the same
// `prepareWrite` every real write goes through, with nothing stored: access, coercion, required
// fields, state machines, validation rules and computed fields all answer as they would live.
// Each failing case gets a reason the implementer can act on.

/** One case's verdict; `reason` only when it failed. */
export interface CaseOutcome {
  name: string;
  reason?: string;
}

export interface DryRun {
  passed: number;
  failed: { name: string; reason: string }[];
}

/** Fixed, so a run is deterministic: the end user a role-scoped case acts as, and "now". */
const END_USER_ID = '00000000-0000-4000-8000-00000000e5e1';
const ROW_ID = '00000000-0000-4000-8000-0000000000a1';
const NOW = '2026-06-15T12:00:00.000Z';

function actorFor(app: AppDefinition, role: string | undefined): Actor | string {
  if (role === undefined) return { kind: 'owner' };
  if (!app.access.roles.some((r) => r.id === role))
    return `the case writes as role "${role}", which the app does not define (roles: ${app.access.roles
      .map((r) => r.id)
      .join(', ')})`;
  return { kind: 'end_user', endUserId: END_USER_ID, roleId: role };
}

const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

const describeErrors = (errors: readonly { field?: string; message: string }[]) =>
  errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');

/** JSON text with object keys sorted, so two values compare regardless of key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Values compare as JSON would store them (key order ignored; a missing value equals null). */
export const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b);

export function runRecordCase(app: AppDefinition, testCase: RecordCase): CaseOutcome {
  const { name } = testCase;
  const actor = actorFor(app, testCase.role);
  if (typeof actor === 'string') return { name, reason: actor };
  const result = prepareWrite({
    app,
    tableId: testCase.table,
    mode: testCase.action,
    values: testCase.values,
    ...(testCase.action === 'update'
      ? {
          existing: {
            id: ROW_ID,
            data: testCase.existing ?? {},
            // The row is the writer's own, so `own` row scopes let it through.
            createdBy: actor.kind === 'end_user' ? actor.endUserId : null,
          },
        }
      : {}),
    actor,
    now: NOW,
    recordId: ROW_ID,
  });
  const { expect: expected } = testCase;
  const where = `${testCase.action} on table "${testCase.table}"${testCase.role ? ` as role "${testCase.role}"` : ''}`;
  if (expected.outcome === 'accepted') {
    if (!result.ok)
      return {
        name,
        reason: `expected the ${where} to be accepted, but it was refused with ${result.status}: ${describeErrors(result.errors)}`,
      };
    const wrong = Object.entries(expected.fields ?? {})
      .filter(([field, value]) => !sameJson(result.data[field], value))
      .map(([field, value]) => `field "${field}" is ${show(result.data[field])}, expected ${show(value)}`);
    return wrong.length ? { name, reason: `the ${where} was accepted but ${wrong.join('; ')}` } : { name };
  }
  const wanted = [
    expected.status ? `status ${expected.status}` : '',
    expected.field ? `naming field "${expected.field}"` : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (result.ok)
    return {
      name,
      reason: `expected the ${where} to be refused${wanted ? ` (${wanted})` : ''}, but it was accepted`,
    };
  if (expected.status && expected.status !== result.status)
    return {
      name,
      reason: `the ${where} was refused with ${result.status}, expected ${expected.status}: ${describeErrors(result.errors)}`,
    };
  if (expected.field && !result.errors.some((e) => e.field === expected.field))
    return {
      name,
      reason: `the ${where} was refused, but not for field "${expected.field}": ${describeErrors(result.errors)}`,
    };
  return { name };
}

export function dryRunComponents(app: AppDefinition, cases: readonly RecordCase[]): DryRun {
  const outcomes = cases.map((testCase) => {
    try {
      return runRecordCase(app, testCase);
    } catch (error) {
      return { name: testCase.name, reason: `the case could not run: ${(error as Error).message}` };
    }
  });
  return {
    passed: outcomes.filter((o) => o.reason === undefined).length,
    failed: outcomes.flatMap((o) => (o.reason === undefined ? [] : [{ name: o.name, reason: o.reason }])),
  };
}

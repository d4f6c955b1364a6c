import { type Automation, DERIVED_FIELD_TYPES, type Table } from '../../schemas/definitions.ts';
import type { ExprType } from '../expr/types.ts';
import { checkExpr, checkUniqueIds, findCycles, type Path, resolveField } from './app-checks.ts';
import { type AppIndex, assignableType, recordContext, recordType } from './app-context.ts';
import type { IssueList } from './result.ts';

/** Validation rules and state machines of every table. */
export function validateTableLogic(issues: IssueList, index: AppIndex): void {
  const roleIds = new Set(index.app.access.roles.map((r) => r.id));
  index.app.tables.forEach((table, t) => {
    const path = ['tables', t] as const;
    if (table.validationRules) {
      checkUniqueIds(issues, [...path, 'validationRules'], table.validationRules, 'rule');
      table.validationRules.forEach((rule, r) => {
        checkExpr(
          issues,
          [...path, 'validationRules', r, 'expression'],
          rule.expression,
          recordContext(table, index),
          'bool',
        );
      });
    }
    if (table.stateMachine) validateStateMachine(issues, [...path, 'stateMachine'], index, table, roleIds);
  });
}

function validateStateMachine(
  issues: IssueList,
  path: Path,
  index: AppIndex,
  table: Table,
  roleIds: Set<string>,
) {
  const machine = table.stateMachine!;
  const field = resolveField(issues, [...path, 'fieldId'], index, table, machine.fieldId, {
    types: ['single_select'],
    why: 'a state machine moves a single-select field between its options',
  });
  if (field?.type !== 'single_select') return;
  const states = field.options.map((o) => o.id);
  const known = new Set(states);
  const state = (p: PropertyKey[], id: string) => {
    if (!known.has(id))
      issues.add(
        [...path, ...p],
        `"${id}" is not an option of "${field.id}" (options: ${states.join(', ')})`,
      );
  };
  state(['initial'], machine.initial);
  if (field.default !== undefined && field.default !== machine.initial) {
    issues.add(
      [...path, 'initial'],
      `the field's default "${field.default}" differs from the initial state "${machine.initial}"`,
    );
  }
  checkUniqueIds(issues, [...path, 'transitions'], machine.transitions, 'transition');
  const moves = new Set<string>();
  const next = new Map<string, Set<string>>();
  machine.transitions.forEach((transition, i) => {
    const at = ['transitions', i];
    const from = transition.from === '*' ? states : transition.from;
    if (transition.from !== '*')
      transition.from.forEach((id, f) => {
        state([...at, 'from', f], id);
      });
    state([...at, 'to'], transition.to);
    for (const source of from) {
      if (source === transition.to) {
        if (transition.from !== '*') issues.add([...path, ...at], `moves "${source}" to itself`);
        continue;
      }
      const key = `${source}→${transition.to}`;
      if (moves.has(key))
        issues.add([...path, ...at], `a transition from "${source}" to "${transition.to}" is defined twice`);
      moves.add(key);
      next.set(source, (next.get(source) ?? new Set()).add(transition.to));
    }
    if (transition.guard)
      checkExpr(issues, [...path, ...at, 'guard'], transition.guard, recordContext(table, index), 'bool');
    transition.roles?.forEach((role, r) => {
      if (!roleIds.has(role)) issues.add([...path, ...at, 'roles', r], `there is no role "${role}"`);
    });
  });
  const reached = new Set([machine.initial]);
  const queue = [machine.initial];
  while (queue.length > 0)
    for (const to of next.get(queue.shift()!) ?? []) if (!reached.has(to) && reached.add(to)) queue.push(to);
  const unreachable = states.filter((s) => !reached.has(s));
  if (known.has(machine.initial) && unreachable.length > 0) {
    issues.add(
      [...path, 'transitions'],
      `no transition leads to ${unreachable.map((s) => `"${s}"`).join(', ')} from "${machine.initial}"`,
    );
  }
}

/** Roles name real tables and fields; the default role exists. */
export function validateAccess(issues: IssueList, index: AppIndex): void {
  const { access } = index.app;
  checkUniqueIds(issues, ['access', 'roles'], access.roles, 'role');
  if (!access.roles.some((r) => r.id === access.defaultRoleId)) {
    issues.add(['access', 'defaultRoleId'], `there is no role "${access.defaultRoleId}"`);
  }
  access.roles.forEach((role, r) => {
    const seen = new Set<string>();
    role.tables.forEach((permission, p) => {
      const path = ['access', 'roles', r, 'tables', p, 'tableId'];
      if (!index.tables.has(permission.tableId))
        issues.add(path, `there is no table "${permission.tableId}"`);
      if (seen.has(permission.tableId))
        issues.add(path, `table "${permission.tableId}" is listed twice for role "${role.id}"`);
      seen.add(permission.tableId);
    });
    role.hiddenFields?.forEach((ref, h) => {
      const table = index.tables.get(ref.tableId);
      if (!table)
        issues.add(
          ['access', 'roles', r, 'hiddenFields', h, 'tableId'],
          `there is no table "${ref.tableId}"`,
        );
      else
        resolveField(issues, ['access', 'roles', r, 'hiddenFields', h, 'fieldId'], index, table, ref.fieldId);
    });
  });
}

/** Automations: their references, their expressions, and that none can set off itself forever. */
export function validateAutomations(issues: IssueList, index: AppIndex): void {
  const { app } = index;
  checkUniqueIds(issues, ['automations'], app.automations, 'automation');
  const roleIds = new Set(app.access.roles.map((r) => r.id));
  app.automations.forEach((automation, a) => {
    const path = ['automations', a] as const;
    const table = index.tables.get(automation.tableId);
    if (!table) {
      issues.add([...path, 'tableId'], `there is no table "${automation.tableId}"`);
      return;
    }
    if (automation.trigger.on === 'update') {
      automation.trigger.watchFields?.forEach((id, w) => {
        resolveField(issues, [...path, 'trigger', 'watchFields', w], index, table, id);
      });
    }
    const previous: Record<string, ExprType> =
      automation.trigger.on === 'update' ? { previous: recordType(table, index) } : {};
    const context = recordContext(table, index, previous);
    if (automation.condition)
      checkExpr(issues, [...path, 'condition'], automation.condition, context, 'bool');
    automation.actions.forEach((action, i) => {
      const at = [...path, 'actions', i] as const;
      if (action.kind === 'notify') {
        if (action.to.kind === 'field') {
          resolveField(issues, [...at, 'to', 'fieldId'], index, table, action.to.fieldId, {
            types: ['email'],
            why: 'notifications go to an e-mail field',
          });
        }
        if (action.to.kind === 'role' && !roleIds.has(action.to.roleId))
          issues.add([...at, 'to', 'roleId'], `there is no role "${action.to.roleId}"`);
        for (const placeholder of action.body.matchAll(/\{\{(.*?)\}\}/g))
          checkExpr(issues, [...at, 'body'], placeholder[1]!, context);
        for (const placeholder of action.subject.matchAll(/\{\{(.*?)\}\}/g))
          checkExpr(issues, [...at, 'subject'], placeholder[1]!, context);
      } else if (action.kind === 'update_record') {
        const target = updateTarget(issues, [...at, 'target'], index, table, action.target);
        if (!target) return;
        action.set.forEach((assignment, s) => {
          const field = resolveField(issues, [...at, 'set', s, 'fieldId'], index, target, assignment.fieldId);
          if (field && DERIVED_FIELD_TYPES.has(field.type)) {
            issues.add(
              [...at, 'set', s, 'fieldId'],
              `field "${field.id}" is filled by the platform and cannot be set`,
            );
          } else if (field) {
            checkExpr(
              issues,
              [...at, 'set', s, 'value'],
              assignment.value,
              context,
              assignableType(field, target.id, index),
            );
          }
        });
      } else {
        action.input.forEach((input, n) => {
          checkExpr(issues, [...at, 'input', n, 'value'], input.value, context);
        });
      }
    });
  });
  checkAutomationLoops(issues, index);
}

function updateTarget(
  issues: IssueList,
  path: Path,
  index: AppIndex,
  table: Table,
  target: 'this' | { relationFieldId: string },
) {
  if (target === 'this') return table;
  const relation = resolveField(issues, [...path, 'relationFieldId'], index, table, target.relationFieldId, {
    types: ['relation'],
    why: 'related rows are reached through a relation field',
  });
  return relation?.type === 'relation' ? index.tables.get(relation.targetTableId) : undefined;
}

/**
 * An automation that updates rows can set off update automations on the rows it changed. If
 * following "A's update can set off B" comes back to A, the definition could run forever.
 */
function checkAutomationLoops(issues: IssueList, index: AppIndex) {
  const automations = index.app.automations;
  const writes = automations.map((automation) => writtenFields(automation, index));
  const setsOff = (from: number, to: Automation) => {
    if (to.trigger.on !== 'update') return false;
    const watched = to.trigger.watchFields;
    return writes[from]!.some(
      (w) => w.tableId === to.tableId && (!watched || w.fields.some((f) => watched.includes(f))),
    );
  };
  const edges = automations.map((_, from) => automations.flatMap((to, j) => (setsOff(from, to) ? [j] : [])));
  for (const cycle of findCycles(automations.length, (i) => edges[i]!)) {
    const names = cycle.map((k) => `"${automations[k]!.id}"`).join(' → ');
    issues.add(
      ['automations', cycle[0]!, 'actions'],
      `automations can set each other off endlessly: ${names}`,
    );
  }
}

/** The tables and fields an automation's update actions write. */
function writtenFields(automation: Automation, index: AppIndex): { tableId: string; fields: string[] }[] {
  const table = index.tables.get(automation.tableId);
  if (!table) return [];
  return automation.actions.flatMap((action) => {
    if (action.kind !== 'update_record') return [];
    let tableId: string | undefined = table.id;
    if (action.target !== 'this') {
      const relation = index.field(table.id, action.target.relationFieldId);
      tableId = relation?.type === 'relation' ? relation.targetTableId : undefined;
    }
    return tableId ? [{ tableId, fields: action.set.map((assignment) => assignment.fieldId) }] : [];
  });
}

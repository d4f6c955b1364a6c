/**
 * A table's state machine on writes: a new row starts in the initial state; an update may change
 * the state only along a transition from the current state that the actor's role may take and
 * whose guard holds on the new row. A refusal names the moves that are open, so the person knows
 * what to do instead.
 */
import type { AppDefinition, StateTransition, Table } from '../../schemas/definitions.ts';
import { type Actor, roleOf } from './access.ts';
import type { ExpressionScope } from './write-expressions.ts';
import { evaluateCondition } from './write-expressions.ts';

export interface StateError {
  field: string;
  message: string;
}

function stateLabel(table: Table, fieldId: string, optionId: unknown): string {
  if (optionId === null || optionId === undefined) return '(no state)';
  const field = table.fields.find((candidate) => candidate.id === fieldId);
  const option = field?.type === 'single_select' ? field.options.find((o) => o.id === optionId) : undefined;
  return option?.label ?? String(optionId);
}

const leavesFrom = (transition: StateTransition, state: unknown): boolean =>
  transition.from === '*' || (typeof state === 'string' && transition.from.includes(state));

/** Whether the actor's role may take the move; the owner may take any. */
function roleMayTake(app: AppDefinition, actor: Actor, transition: StateTransition): boolean {
  if (actor.kind === 'owner' || !transition.roles) return true;
  return transition.roles.includes(actor.roleId) && roleOf(app, actor) !== undefined;
}

const moveName = (transition: StateTransition): string => transition.label ?? transition.id;

function allowedMoves(app: AppDefinition, table: Table, actor: Actor, state: unknown): string {
  const machine = table.stateMachine!;
  const moves = machine.transitions
    .filter((transition) => leavesFrom(transition, state) && roleMayTake(app, actor, transition))
    .map((transition) => `${moveName(transition)} (→ ${stateLabel(table, machine.fieldId, transition.to)})`);
  return moves.length > 0 ? moves.join(', ') : 'none';
}

/** On create: the state is the initial one (set when absent); any other is refused. */
export function startState(table: Table, data: Record<string, unknown>): StateError | undefined {
  const machine = table.stateMachine;
  if (!machine) return undefined;
  const state = data[machine.fieldId];
  if (state === null || state === undefined) {
    data[machine.fieldId] = machine.initial;
    return undefined;
  }
  if (state === machine.initial) return undefined;
  return {
    field: machine.fieldId,
    message:
      `new rows of ${table.label} start as ${stateLabel(table, machine.fieldId, machine.initial)}; ` +
      `one cannot be created as ${stateLabel(table, machine.fieldId, state)}`,
  };
}

/** On update: whether moving from `before` to the state in `data` is a move the actor may make. */
export function checkTransition(
  app: AppDefinition,
  table: Table,
  actor: Actor,
  before: unknown,
  data: Record<string, unknown>,
  scope: ExpressionScope,
): StateError | undefined {
  const machine = table.stateMachine;
  if (!machine) return undefined;
  const after = data[machine.fieldId];
  if (after === before || (after == null && before == null)) return undefined;
  // A row from before the machine existed has no state: it may be put in the initial one.
  if ((before === null || before === undefined) && after === machine.initial) return undefined;
  const from = stateLabel(table, machine.fieldId, before);
  const to = stateLabel(table, machine.fieldId, after);
  const refuse = (why: string): StateError => ({
    field: machine.fieldId,
    message: `cannot move from ${from} to ${to}${why}; allowed: ${allowedMoves(app, table, actor, before)}`,
  });
  const matching = machine.transitions.filter(
    (transition) => transition.to === after && leavesFrom(transition, before),
  );
  if (matching.length === 0) return refuse('');
  const forRole = matching.filter((transition) => roleMayTake(app, actor, transition));
  if (forRole.length === 0) {
    const roles = [...new Set(matching.flatMap((transition) => transition.roles ?? []))]
      .map((id) => app.access.roles.find((role) => role.id === id)?.label ?? id)
      .join(' or ');
    return refuse(`: only ${roles} may ${moveName(matching[0]!)}`);
  }
  if (forRole.some((transition) => !transition.guard || evaluateCondition(transition.guard, scope)))
    return undefined;
  // The guard's text is not shown: it may name fields the end user's role does not see.
  return refuse(`: the condition of ${moveName(forRole[0]!)} is not met`);
}

import type { StateCreator } from 'zustand/vanilla';
import { definitionNodeIds, parseNodeId } from '../graph/node-ids.ts';
import type { StudioDefinition } from '../model/edit-result.ts';
import type { DefinitionSlice, StudioContext, StudioState } from './store-types.ts';

const OWN_ENTITIES = new Set(['table', 'view', 'automation', 'step', 'trigger']);

/**
 * The state that follows from a new definition: its problems, whether it is saved, and the
 * selection without nodes that no longer exist. Every path that changes the definition (an
 * edit, undo, redo, a load) goes through here, so none of them can forget one.
 */
export function withDefinition<D extends StudioDefinition>(
  state: StudioState<D>,
  definition: D,
  ctx: StudioContext<D>,
): Partial<StudioState<D>> {
  const nodes = definitionNodeIds(definition);
  const selected = state.selected.filter((id) => {
    const parsed = parseNodeId(id);
    return !parsed || !OWN_ENTITIES.has(parsed.entity) || nodes.has(id);
  });
  return {
    definition,
    problems: ctx.findProblems(definition),
    dirty: definition !== state.savedDefinition,
    ...(selected.length === state.selected.length ? {} : { selected }),
  };
}

export function createDefinitionSlice<D extends StudioDefinition>(
  initial: D,
  ctx: StudioContext<D>,
): StateCreator<StudioState<D>, [], [], DefinitionSlice<D>> {
  return (set, get) => ({
    definition: initial,
    problems: ctx.findProblems(initial),
    apply(edit, options = {}) {
      const state = get();
      const result = edit(state.definition);
      if (!result.ok || result.definition === state.definition) return result;
      const now = ctx.now();
      const last = state.past.at(-1);
      const coalesce =
        options.coalesceKey !== undefined &&
        last?.coalesceKey === options.coalesceKey &&
        now - last.at <= ctx.coalesceMs;
      // Typing into a label is one step to undo: the entry before the first keystroke stays,
      // and only its time moves, so a pause longer than the window starts a new step.
      const past = coalesce
        ? [...state.past.slice(0, -1), { ...last!, at: now }]
        : [
            ...state.past,
            {
              definition: state.definition,
              at: now,
              ...(options.coalesceKey !== undefined ? { coalesceKey: options.coalesceKey } : {}),
            },
          ].slice(-ctx.historyLimit);
      set({ ...withDefinition(state, result.definition, ctx), past, future: [] });
      return result;
    },
  });
}

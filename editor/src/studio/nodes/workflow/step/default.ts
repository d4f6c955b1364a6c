import type { StepKind } from '../../../../../../schemas/definitions.ts';

/** Each kind's colour on the canvas: the icon tile, so kinds are told apart at a glance. */
export const STEP_KIND_TONES: Record<StepKind, string> = {
  call_api: 'bg-sky-100 text-sky-700',
  send_message: 'bg-violet-100 text-violet-700',
  create_record: 'bg-emerald-100 text-emerald-700',
  update_record: 'bg-teal-100 text-teal-700',
  state_get: 'bg-amber-100 text-amber-800',
  state_set: 'bg-orange-100 text-orange-800',
  ai: 'bg-fuchsia-100 text-fuchsia-700',
  map: 'bg-slate-100 text-slate-700',
  condition: 'bg-indigo-100 text-indigo-700',
  for_each: 'bg-cyan-100 text-cyan-800',
  respond: 'bg-lime-100 text-lime-800',
};

/** One line per kind for the palette: what a step of that kind does. */
export const STEP_KIND_HINTS: Record<StepKind, string> = {
  call_api: 'Calls a service through one of the workflow’s connections.',
  send_message: 'Sends a chat message or an e-mail through a connection.',
  create_record: 'Adds a record to a table of one of your apps.',
  update_record: 'Changes a record in a table of one of your apps.',
  state_get: 'Reads a value this workflow saved on an earlier run.',
  state_set: 'Saves a value for later runs of this workflow.',
  ai: 'Has AI classify, extract, summarise or decide.',
  map: 'Names values built from the trigger and earlier steps, for later steps.',
  condition: 'Takes one of several paths, by the first condition that holds.',
  for_each: 'Runs the steps inside once for each item of a list.',
  respond: 'Answers the webhook caller that is waiting.',
};

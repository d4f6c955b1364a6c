import type { Field } from '../../schemas/app/fields.ts';
import type { View } from '../../schemas/app/views.ts';
import type { Step } from '../../schemas/workflow/steps.ts';
import type { Trigger } from '../../schemas/workflow/triggers.ts';

// What the platform can build, for the agents that decide what gets built (BA, spec, planner,
// contract tests, reviewers): a feature the runtimes cannot run is a failed build, so they must
// know the field types, views, triggers and steps there are, and the limits. Keyed by the schemas'
// own literals: adding a field type, view, trigger or step kind without describing it here does
// not compile. Stable text: it is part of each agent's cached prefix.

type FieldType = Field['type'];
type ViewKind = View['kind'];
type StepKind = Step['kind'];
type TriggerKind = Trigger['kind'];

const FIELD_TYPES: Record<FieldType, string> = {
  text: 'one line of text (min/max length, pattern)',
  long_text: 'paragraphs',
  number: 'a number (min/max, decimals)',
  currency: 'an amount of money in one currency',
  percent: 'a percentage',
  boolean: 'yes / no',
  date: 'a calendar date',
  datetime: 'a date and time',
  email: 'an e-mail address (checked)',
  url: 'a web address (checked)',
  phone: 'a phone number',
  single_select: 'one of a fixed list of options (a state machine may govern its transitions)',
  multi_select: 'several of a fixed list of options',
  rating: 'a rating from 1 to a maximum (5 by default)',
  duration: 'a length of time (minutes, hours, days)',
  attachment: 'uploaded files, with allowed types and a size limit',
  relation: 'a link to rows of another table (many to one, one to many, many to many)',
  lookup: 'a value read through a relation (read-only)',
  rollup: 'count / sum / avg / min / max over related rows (read-only)',
  computed: 'a value computed by an expression when the row is written (read-only)',
  autonumber: 'a number given in order to each new row (read-only)',
  created_at: 'when the row was created (system)',
  updated_at: 'when the row was last changed (system)',
  created_by: 'who created the row (system)',
};

const VIEW_KINDS: Record<ViewKind, string> = {
  list: 'a table of rows with filters, sorting and paging',
  detail: 'one row with its fields and related rows',
  form: 'a form to create or edit a row',
  card_grid: 'rows as cards',
  kanban: 'cards in columns by a single-select field',
  calendar: 'rows on a month or week calendar by a date field',
  chart: 'a bar, line or pie chart, or a single number',
};

const TRIGGER_KINDS: Record<TriggerKind, string> = {
  cron: 'on a schedule (cron expression, time zone)',
  webhook: 'when an outside system posts to its address (HMAC signature or token checked)',
  message: 'when a connected service sends an event (a Slack message, an e-mail)',
  polling: 'when a periodic check of an outside API finds new items',
};

const STEP_KINDS: Record<StepKind, string> = {
  call_api: 'an HTTP call to a declared connection (only its hosts; no private addresses)',
  send_message: 'a message through Slack or Gmail',
  create_record: 'a new row in one of the builder’s published apps',
  update_record: 'a change to a row of one of the builder’s published apps',
  state_get: 'read a value the workflow kept',
  state_set: 'keep a value for later runs',
  ai: 'an AI task: classify, extract, summarise or decide, with typed outputs',
  map: 'set values from expressions',
  condition: 'branch on an expression',
  for_each: 'repeat steps for each item of a list (bounded)',
  respond: 'answer the webhook’s caller',
};

const describe = (entries: Record<string, string>) =>
  Object.entries(entries)
    .map(([name, text]) => `- ${name}: ${text}`)
    .join('\n');

/** The platform's capabilities and limits, for every agent that decides what gets built. */
export const PLATFORM_REFERENCE = `What the platform builds, in three modes:

components — a data app served at /u/{username}/{app-slug}: tables of typed fields, views, roles and
access (public, private, invite-only), validation rules, state machines on single-select fields,
automations on create and update (notify by mail or in the app, update a row, start a workflow).
Expressions (computed fields, rules, conditions) are CEL: safe, no loops, type-checked.
Field types:
${describe(FIELD_TYPES)}
View kinds:
${describe(VIEW_KINDS)}

workflows — steps run by the platform when a trigger fires, each step's input and output recorded.
Triggers:
${describe(TRIGGER_KINDS)}
Steps:
${describe(STEP_KINDS)}

code — TypeScript source files with Vitest tests and a markdown spec, downloaded as a zip; the
platform never runs it (a library, a command-line tool, a service to host elsewhere).

Limits on the free plan: 10,000 rows per app; 3 published apps; 100 data requests per minute per
app; 100 workflow runs per hour; 30 s per workflow run; 500 MB of artifacts.`;

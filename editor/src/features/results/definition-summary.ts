import { z } from 'zod';

// What the Result tab says about a candidate app or workflow definition. The artifact carries the
// definition as a plain record (validated by the server), so only the parts shown are read here,
// leniently: a summary must not fail on a field the studio does not know yet.

const Named = z.object({ id: z.string(), label: z.string().optional(), name: z.string().optional() });
const AppOutline = z.object({
  name: z.string().catch('Untitled app'),
  slug: z.string().optional().catch(undefined),
  tables: z
    .array(Named.extend({ fields: z.array(Named.extend({ type: z.string().optional() })).catch([]) }))
    .catch([]),
  views: z.array(Named.extend({ kind: z.string().catch('view'), tableId: z.string().optional() })).catch([]),
});
const WorkflowOutline = z.object({
  name: z.string().catch('Untitled workflow'),
  trigger: z.object({ kind: z.string() }).passthrough().optional().catch(undefined),
  steps: z.array(Named.extend({ kind: z.string().catch('step') })).catch([]),
});

export interface AppSummary {
  name: string;
  slug: string | undefined;
  tables: { id: string; label: string; fields: string[] }[];
  views: { id: string; label: string; kind: string; table: string | undefined }[];
}

export interface WorkflowSummary {
  name: string;
  trigger: string;
  steps: { id: string; label: string; kind: string }[];
}

const labelOf = (item: z.infer<typeof Named>) => item.label ?? item.name ?? item.id;

export function summarizeApp(definition: Record<string, unknown>): AppSummary {
  const outline = AppOutline.safeParse(definition);
  if (!outline.success) return { name: 'Untitled app', slug: undefined, tables: [], views: [] };
  const { name, slug, tables, views } = outline.data;
  const tableLabel = new Map(tables.map((table) => [table.id, labelOf(table)]));
  return {
    name,
    slug,
    tables: tables.map((table) => ({
      id: table.id,
      label: labelOf(table),
      fields: table.fields.map(labelOf),
    })),
    views: views.map((view) => ({
      id: view.id,
      label: labelOf(view),
      kind: view.kind.replace(/_/g, ' '),
      table: view.tableId ? (tableLabel.get(view.tableId) ?? view.tableId) : undefined,
    })),
  };
}

const TRIGGER_WORDS: Record<string, string> = {
  webhook: 'When a webhook is called',
  cron: 'On a schedule',
  message: 'When a message arrives',
  polling: 'When something new appears (checked regularly)',
  manual: 'When started by hand',
};

export function summarizeWorkflow(definition: Record<string, unknown>): WorkflowSummary {
  const outline = WorkflowOutline.safeParse(definition);
  if (!outline.success) return { name: 'Untitled workflow', trigger: 'Unknown trigger', steps: [] };
  const { name, trigger, steps } = outline.data;
  const schedule = trigger?.kind === 'cron' && typeof trigger.cron === 'string' ? ` (${trigger.cron})` : '';
  return {
    name,
    trigger: trigger ? `${TRIGGER_WORDS[trigger.kind] ?? trigger.kind}${schedule}` : 'Unknown trigger',
    steps: steps.map((step) => ({ id: step.id, label: labelOf(step), kind: step.kind.replace(/_/g, ' ') })),
  };
}

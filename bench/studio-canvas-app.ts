import type { AppDefinition } from '../schemas/definitions.ts';

// The app the canvas benchmark opens: 150 tables of 10 fields of mixed types, two in three
// tables related to an earlier one (a tree, so ELK has real edges to route), and 50 views of
// every kind spread over the tables. The canvas shows one node per table and per view.

export const TABLES = 150;
export const VIEWS = 50;

type View = AppDefinition['views'][number];
type Field = AppDefinition['tables'][number]['fields'][number];

const tableId = (i: number) => `t${String(i).padStart(3, '0')}`;

const STAGES = [
  { id: 'new', label: 'New', color: 'blue' },
  { id: 'active', label: 'Active', color: 'green' },
  { id: 'closed', label: 'Closed', color: 'gray' },
] as const;

function fieldsOf(i: number): Field[] {
  const fields: Field[] = [
    { id: 'name', label: 'Name', type: 'text', required: true, maxLength: 120 },
    { id: 'notes', label: 'Notes', type: 'long_text', maxLength: 2000 },
    { id: 'amount', label: 'Amount', type: 'number', min: 0 },
    { id: 'price', label: 'Price', type: 'currency', currency: 'EUR', min: 0 },
    { id: 'done', label: 'Done', type: 'boolean' },
    { id: 'due', label: 'Due', type: 'date' },
    { id: 'stage', label: 'Stage', type: 'single_select', options: [...STAGES] },
    {
      id: 'tags',
      label: 'Tags',
      type: 'multi_select',
      options: [
        { id: 'red_tag', label: 'Red', color: 'red' },
        { id: 'blue_tag', label: 'Blue', color: 'blue' },
      ],
    },
    { id: 'contact', label: 'Contact', type: 'email' },
  ];
  // Tables 1, 2, 4, 5, 7, … point at their "parent" (i / 2): 99 relations in a tree.
  if (i > 0 && i % 3 !== 0)
    fields.push({
      id: 'parent',
      label: 'Parent',
      type: 'relation',
      targetTableId: tableId(Math.floor(i / 2)),
      cardinality: 'many_to_one',
    });
  else fields.push({ id: 'phone', label: 'Phone', type: 'phone' });
  return fields;
}

function viewOf(v: number): View {
  const table = tableId((v * 3) % TABLES);
  const base = { id: `v${String(v).padStart(2, '0')}`, label: `View ${v}`, tableId: table };
  switch (v % 7) {
    case 0:
      return { ...base, kind: 'list', columns: ['name', 'stage', 'due', 'amount'], pageSize: 50 };
    case 1:
      return { ...base, kind: 'detail', sections: [{ label: 'Main', fields: ['name', 'notes', 'due'] }] };
    case 2:
      return {
        ...base,
        kind: 'form',
        mode: 'create',
        sections: [{ label: 'Main', fields: ['name', 'amount', 'stage'] }],
        submit: { label: 'Save', after: 'show_message', message: 'Saved.' },
        allowedRoles: 'anyone',
      };
    case 3:
      return { ...base, kind: 'card_grid', titleFieldId: 'name', fields: ['stage', 'due'] };
    case 4:
      return {
        ...base,
        kind: 'kanban',
        groupByFieldId: 'stage',
        cardTitleFieldId: 'name',
        cardFields: ['due'],
      };
    case 5:
      return { ...base, kind: 'calendar', startFieldId: 'due', titleFieldId: 'name', defaultRange: 'month' };
    default:
      return {
        ...base,
        kind: 'chart',
        chartType: 'bar',
        xFieldId: 'stage',
        aggregate: 'sum',
        yFieldId: 'amount',
      };
  }
}

export function bigApp(slug: string): AppDefinition {
  const tables = Array.from({ length: TABLES }, (_, i) => ({
    id: tableId(i),
    label: `Table ${i}`,
    primaryFieldId: 'name',
    fields: fieldsOf(i),
  }));
  const views = Array.from({ length: VIEWS }, (_, v) => viewOf(v));
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Canvas bench',
    slug,
    themeColor: '#4f46e5',
    tables,
    views,
    access: {
      level: 'private',
      defaultRoleId: 'member',
      roles: [{ id: 'member', label: 'Member', tables: [] }],
    },
    automations: [],
    navigation: views
      .filter((view) => view.kind !== 'detail')
      .slice(0, 10)
      .map((view) => ({ viewId: view.id })),
  };
}

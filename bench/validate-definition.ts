import { validateApp } from '../runtime/definitions/validate-app.ts';
import { AppDefinition } from '../schemas/definitions.ts';

// Semantic validation of a large app definition (200 tables, 2,000 fields, a view and a
// computed field per table, relations between neighbours) against plain Zod parsing of the
// same object, measured in the same run.

function bigApp(): unknown {
  const tables = Array.from({ length: 200 }, (_, t) => ({
    id: `t${t}`,
    label: `Table ${t}`,
    primaryFieldId: 'name',
    fields: [
      { id: 'name', label: 'Name', type: 'text', required: true, maxLength: 200 },
      { id: 'qty', label: 'Quantity', type: 'number', min: 0 },
      { id: 'price', label: 'Price', type: 'currency', currency: 'EUR' },
      {
        id: 'total',
        label: 'Total',
        type: 'computed',
        resultType: 'number',
        expression: 'record.qty * record.price',
      },
      { id: 'due', label: 'Due', type: 'date' },
      { id: 'done', label: 'Done', type: 'boolean' },
      {
        id: 'status',
        label: 'Status',
        type: 'single_select',
        options: [
          { id: 'open', label: 'Open', color: 'blue' },
          { id: 'closed', label: 'Closed', color: 'green' },
        ],
      },
      { id: 'email', label: 'E-mail', type: 'email' },
      {
        id: 'next',
        label: 'Next',
        type: 'relation',
        targetTableId: `t${(t + 1) % 200}`,
        cardinality: 'many_to_one',
      },
      { id: 'next_name', label: 'Next name', type: 'lookup', relationFieldId: 'next', targetFieldId: 'name' },
    ],
    validationRules: [
      { id: 'positive', expression: 'record.qty >= 0 && record.price >= 0', message: 'No negatives.' },
    ],
  }));
  const views = tables.map((table) => ({
    id: `v${table.id}`,
    label: table.label,
    kind: 'list',
    tableId: table.id,
    columns: ['name', 'qty', 'total', 'status'],
    pageSize: 50,
    filter: {
      combinator: 'and',
      conditions: [
        { fieldId: 'status', op: 'eq', value: 'open' },
        { fieldId: 'qty', op: 'gt', value: 0 },
      ],
    },
    sort: [{ fieldId: 'due', direction: 'asc' }],
  }));
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Big',
    slug: 'big',
    themeColor: '#000000',
    tables,
    views,
    access: {
      level: 'private',
      defaultRoleId: 'owner',
      roles: [
        {
          id: 'owner',
          label: 'Owner',
          tables: tables.map((t) => ({
            tableId: t.id,
            create: true,
            read: true,
            update: true,
            delete: true,
            rowScope: 'all',
          })),
        },
      ],
    },
    automations: [],
    navigation: views.slice(0, 20).map((v) => ({ viewId: v.id })),
  };
}

function measure(fn: () => unknown, runs: number): number {
  for (let i = 0; i < 3; i++) fn();
  const started = performance.now();
  for (let i = 0; i < runs; i++) fn();
  return (performance.now() - started) / runs;
}

const app = bigApp();
// The first call parses and checks every expression; later ones hit the expression cache, as the
// editor's re-validation on each edit does. Both are printed.
const coldStarted = performance.now();
const result = validateApp(app);
const coldMs = performance.now() - coldStarted;
if (!result.ok) throw new Error(`the benchmark app is invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
const coldZodStarted = performance.now();
AppDefinition.parse(bigApp());
const coldZodMs = performance.now() - coldZodStarted;
const zodMs = measure(() => AppDefinition.parse(app), 20);
const fullMs = measure(() => validateApp(app), 20);
console.log(`definition: 200 tables, 2000 fields, 200 views, 400 expressions`);
console.log(`Zod parse only       ${zodMs.toFixed(1)} ms`);
console.log(
  `validateApp (full)   ${fullMs.toFixed(1)} ms   ratio to Zod ${(fullMs / zodMs).toFixed(2)}  (warm expression cache)`,
);
console.log(
  `first call           ${coldMs.toFixed(1)} ms   ratio to a first Zod parse ${(coldMs / coldZodMs).toFixed(2)}  (every expression parsed and checked)`,
);

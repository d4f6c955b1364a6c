import type { z } from 'zod';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { ContractTests, FeaturePlan, FeatureSpec } from '../../../schemas/index.ts';
import { AGENT_TOOLS } from '../../agents/contracts.ts';
import type { PipelineAnswers } from './pipeline-script.ts';

// The canned recipe tracker: what a good model would answer at each stage for "a family recipe
// tracker with a shopping list". The ids agree across stages (the plan's interface, the contract
// cases, the definition), as the pipeline needs them to; the test checks each against its schema,
// validates the definition, runs the cases through `prepareWrite` and applies the co-pilot patch.

const spec = {
  title: 'Family recipe tracker',
  summary:
    'A shared cookbook for the family: recipes with ingredients, method, timings and a star rating, and a shopping list that can point at the recipe an item is for. Anyone with the link can browse; family editors add and change things.',
  users: [
    'Family editors who add recipes, rate them and keep the shopping list',
    'Visitors with the link who browse the recipes',
  ],
  requirements: [
    'A recipe has a title (required, unique), cuisine, course, servings, preparation and cooking minutes, ingredients, method, a 0–5 star rating and a favourite flag',
    'The total time of a recipe is computed from its preparation and cooking minutes',
    'The shopping list has items with a quantity, an optional recipe and a bought flag',
    'Visitors can read recipes and the shopping list but never change them',
    'Editors can create, change and delete recipes and shopping items',
  ],
  acceptance: [
    'A recipe with a title, servings, timings, ingredients and method is saved, with its total time computed',
    'A recipe without a title is refused, naming the title',
    'A rating above 5 stars is refused, naming the rating',
    'Servings below 1 are refused',
    'A recipe with neither preparation nor cooking time is refused',
    'A visitor cannot add a recipe',
    'An editor can add an item to the shopping list and mark it bought',
  ],
  outOfScope: ['Meal planning and calendars', 'Nutrition facts', 'Importing recipes from websites'],
} satisfies z.input<typeof FeatureSpec>;

const plan = {
  steps: [
    {
      title: 'Recipes table',
      detail:
        'Table `recipes` with its fields, a computed total time and a rule that a recipe takes some time.',
    },
    {
      title: 'Shopping list table',
      detail: 'Table `shopping_list`: item, quantity, an optional relation to the recipe, bought flag.',
    },
    {
      title: 'Views and navigation',
      detail: 'Recipe cards (home), a list sorted by rating, a recipe page, forms, the open shopping list.',
    },
    { title: 'Access', detail: 'Public app: role `viewer` (visitors) reads; role `editor` writes.' },
  ],
  interface: [
    {
      name: 'table recipes',
      detail:
        'title: text (required, unique, ≤120); cuisine: single_select (italian, mexican, indian, japanese, other); course: single_select (required; breakfast, main, dessert; default main); servings: number (required, 1–50, default 4); prep_minutes: number (required, 0–1440, default 15); cook_minutes: number (required, 0–1440, default 30); total_minutes: computed number; ingredients: long_text (required); instructions: long_text (required); rating: rating (max 5); favorite: boolean (default false); added_by: created_by; added_at: created_at',
    },
    {
      name: 'table shopping_list',
      detail:
        'item: text (required, ≤120); quantity: text (≤60); recipe: relation many_to_one → recipes (clear on delete); bought: boolean (default false); added_at: created_at',
    },
    { name: 'roles', detail: 'viewer (default, visitors: read only); editor (create, read, update, delete)' },
  ],
} satisfies z.input<typeof FeaturePlan>;

const EDITOR = 'editor';
const VIEWER = 'viewer';
const COMPLETE_RECIPE = {
  title: 'Shakshuka',
  cuisine: 'other',
  course: 'breakfast',
  servings: 2,
  prep_minutes: 10,
  cook_minutes: 20,
  ingredients: '6 eggs\n1 tin of tomatoes\n1 onion\n2 peppers',
  instructions: '1. Soften the onion and peppers.\n2. Add the tomatoes.\n3. Poach the eggs in the sauce.',
  rating: 4,
};
const { title: _left_out, ...WITHOUT_TITLE } = COMPLETE_RECIPE;

const tests = {
  kind: 'components',
  cases: [
    {
      name: 'A complete recipe is saved with its total time',
      table: 'recipes',
      action: 'create',
      values: COMPLETE_RECIPE,
      expect: { outcome: 'accepted', fields: { total_minutes: 30, favorite: false } },
    },
    {
      name: 'A recipe without a title is refused',
      table: 'recipes',
      action: 'create',
      values: WITHOUT_TITLE,
      expect: { outcome: 'refused', status: 400, field: 'title' },
    },
    {
      name: 'A rating above 5 stars is refused',
      table: 'recipes',
      action: 'create',
      values: { ...COMPLETE_RECIPE, rating: 6 },
      expect: { outcome: 'refused', status: 400, field: 'rating' },
    },
    {
      name: 'Servings below 1 are refused',
      table: 'recipes',
      action: 'create',
      values: { ...COMPLETE_RECIPE, servings: 0 },
      expect: { outcome: 'refused', status: 400, field: 'servings' },
    },
    {
      name: 'A recipe that takes no time at all is refused',
      table: 'recipes',
      action: 'create',
      values: { ...COMPLETE_RECIPE, prep_minutes: 0, cook_minutes: 0 },
      expect: { outcome: 'refused', status: 400 },
    },
    {
      name: 'A viewer cannot add a recipe',
      table: 'recipes',
      action: 'create',
      role: VIEWER,
      values: COMPLETE_RECIPE,
      expect: { outcome: 'refused', status: 403 },
    },
    {
      name: 'An editor can add an item to the shopping list',
      table: 'shopping_list',
      action: 'create',
      role: EDITOR,
      values: { item: 'Eggs', quantity: '6' },
      expect: { outcome: 'accepted', fields: { item: 'Eggs', bought: false } },
    },
    {
      name: 'An editor can mark a shopping item bought',
      table: 'shopping_list',
      action: 'update',
      role: EDITOR,
      existing: { item: 'Eggs', quantity: '6', bought: false },
      values: { bought: true },
      expect: { outcome: 'accepted', fields: { bought: true } },
    },
  ],
} satisfies z.input<typeof ContractTests>;

const option = (
  id: string,
  label: string,
  color: 'gray' | 'green' | 'red' | 'orange' | 'rose' | 'yellow' | 'pink',
) => ({
  id,
  label,
  color,
});
const minutes = (id: string, label: string, fallback: number) => ({
  id,
  label,
  type: 'number' as const,
  required: true,
  precision: 0,
  min: 0,
  max: 1440,
  default: fallback,
});
const permission = (tableId: string, write: boolean) => ({
  tableId,
  create: write,
  read: true,
  update: write,
  delete: write,
  rowScope: 'all' as const,
});

/** The implementer's definition (a fresh copy per call: tests may change it). */
export function recipeApp() {
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Family Recipes',
    slug: 'family-recipes',
    description: 'The family cookbook and shopping list.',
    icon: '🍲',
    themeColor: '#ea580c',
    tables: [
      {
        id: 'recipes',
        label: 'Recipes',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true, unique: true, maxLength: 120 },
          {
            id: 'cuisine',
            label: 'Cuisine',
            type: 'single_select',
            options: [
              option('italian', 'Italian', 'green'),
              option('mexican', 'Mexican', 'red'),
              option('indian', 'Indian', 'orange'),
              option('japanese', 'Japanese', 'rose'),
              option('other', 'Other', 'gray'),
            ],
          },
          {
            id: 'course',
            label: 'Course',
            type: 'single_select',
            required: true,
            default: 'main',
            options: [
              option('breakfast', 'Breakfast', 'yellow'),
              option('main', 'Main', 'orange'),
              option('dessert', 'Dessert', 'pink'),
            ],
          },
          {
            id: 'servings',
            label: 'Servings',
            type: 'number',
            required: true,
            precision: 0,
            min: 1,
            max: 50,
            default: 4,
          },
          minutes('prep_minutes', 'Preparation (min)', 15),
          minutes('cook_minutes', 'Cooking (min)', 30),
          {
            id: 'total_minutes',
            label: 'Total time (min)',
            type: 'computed',
            resultType: 'number',
            expression: 'record.prep_minutes + record.cook_minutes',
          },
          { id: 'ingredients', label: 'Ingredients', type: 'long_text', required: true, maxLength: 5000 },
          { id: 'instructions', label: 'Method', type: 'long_text', required: true, maxLength: 20000 },
          { id: 'rating', label: 'Rating', type: 'rating', max: 5 },
          { id: 'favorite', label: 'Family favourite', type: 'boolean', default: false },
          { id: 'added_by', label: 'Added by', type: 'created_by' },
          { id: 'added_at', label: 'Added on', type: 'created_at' },
        ],
        validationRules: [
          {
            id: 'takes_some_time',
            expression: 'record.prep_minutes + record.cook_minutes > 0',
            message: 'Enter a preparation or a cooking time.',
          },
        ],
      },
      {
        id: 'shopping_list',
        label: 'Shopping list',
        primaryFieldId: 'item',
        fields: [
          { id: 'item', label: 'Item', type: 'text', required: true, maxLength: 120 },
          { id: 'quantity', label: 'Quantity', type: 'text', maxLength: 60 },
          {
            id: 'recipe',
            label: 'For recipe',
            type: 'relation',
            targetTableId: 'recipes',
            cardinality: 'many_to_one',
            onTargetDelete: 'clear',
          },
          { id: 'bought', label: 'Bought', type: 'boolean', default: false },
          { id: 'added_at', label: 'Added on', type: 'created_at' },
        ],
      },
    ],
    views: [
      {
        id: 'recipe_cards',
        label: 'Recipes',
        tableId: 'recipes',
        kind: 'card_grid',
        titleFieldId: 'title',
        fields: ['cuisine', 'course', 'total_minutes', 'rating'],
        sort: [{ fieldId: 'rating', direction: 'desc' }],
      },
      {
        id: 'recipe_list',
        label: 'All recipes',
        tableId: 'recipes',
        kind: 'list',
        columns: ['title', 'cuisine', 'course', 'servings', 'total_minutes', 'rating', 'favorite'],
        sort: [{ fieldId: 'title', direction: 'asc' }],
        pageSize: 25,
      },
      {
        id: 'recipe_page',
        label: 'Recipe',
        tableId: 'recipes',
        kind: 'detail',
        sections: [
          { label: 'Overview', fields: ['title', 'cuisine', 'course', 'rating', 'favorite'] },
          { label: 'Timing', fields: ['servings', 'prep_minutes', 'cook_minutes', 'total_minutes'] },
          { label: 'Cooking', fields: ['ingredients', 'instructions'] },
        ],
      },
      {
        id: 'recipe_form',
        label: 'Add a recipe',
        tableId: 'recipes',
        kind: 'form',
        mode: 'create_or_edit',
        sections: [
          { label: 'The dish', fields: ['title', 'cuisine', 'course', 'servings'] },
          { label: 'Timing', fields: ['prep_minutes', 'cook_minutes'] },
          { label: 'Cooking', fields: ['ingredients', 'instructions'] },
          { label: 'Verdict', fields: ['rating', 'favorite'] },
        ],
        submit: { label: 'Save recipe', after: 'open_view', viewId: 'recipe_page' },
        allowedRoles: [EDITOR],
      },
      {
        id: 'shopping',
        label: 'Shopping list',
        tableId: 'shopping_list',
        kind: 'list',
        columns: ['item', 'quantity', 'recipe', 'bought'],
        filter: { combinator: 'and', conditions: [{ fieldId: 'bought', op: 'eq', value: false }] },
        sort: [{ fieldId: 'item', direction: 'asc' }],
        pageSize: 50,
      },
      {
        id: 'shopping_form',
        label: 'Add to the list',
        tableId: 'shopping_list',
        kind: 'form',
        mode: 'create_or_edit',
        sections: [{ label: 'Item', fields: ['item', 'quantity', 'recipe', 'bought'] }],
        submit: { label: 'Add', after: 'reset', message: 'Added.' },
        allowedRoles: [EDITOR],
      },
    ],
    access: {
      level: 'public',
      roles: [
        {
          id: VIEWER,
          label: 'Viewer',
          tables: [permission('recipes', false), permission('shopping_list', false)],
          hiddenFields: [{ tableId: 'recipes', fieldId: 'added_by' }],
        },
        {
          id: EDITOR,
          label: 'Family editor',
          tables: [permission('recipes', true), permission('shopping_list', true)],
        },
      ],
      defaultRoleId: VIEWER,
    },
    automations: [],
    navigation: [
      { viewId: 'recipe_cards' },
      { viewId: 'recipe_list' },
      { viewId: 'shopping' },
      { viewId: 'recipe_form' },
      { viewId: 'shopping_form' },
    ],
  } satisfies z.input<typeof AppDefinition>;
}

/** An id not yet used among `taken`: `base`, else `base_2`, `base_3`… */
function freeId(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  let n = 2;
  while (taken.includes(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

/**
 * The co-pilot's answer to "add a due date and a calendar view", for whatever app it is shown: a
 * date field on the app's last table (the shopping list here; in most apps the table of things to
 * do), a calendar of it and a navigation entry. Made from the definition, so a demo of the co-pilot
 * works on any app the builder opens. Null when the definition is not an app with a table.
 */
export function dueDatePatch(definition: unknown) {
  const app = definition as Partial<z.input<typeof AppDefinition>> | null;
  const tables = app?.kind === 'app' && Array.isArray(app.tables) ? app.tables : [];
  const index = tables.length - 1;
  const table = tables[index];
  if (!table || !Array.isArray(table.fields) || !Array.isArray(app?.views)) return null;
  const field = freeId(
    'due',
    table.fields.map((f) => f.id),
  );
  const view = freeId(
    `${table.id}_calendar`,
    app.views.map((v) => v.id),
  );
  return {
    summary: `Adds a "Due" date to ${table.label} and a calendar of it, linked from the navigation.`,
    operations: [
      { op: 'add', path: `/tables/${index}/fields/-`, value: { id: field, label: 'Due', type: 'date' } },
      {
        op: 'add',
        path: '/views/-',
        value: {
          id: view,
          label: `${table.label} calendar`.slice(0, 120),
          tableId: table.id,
          kind: 'calendar',
          startFieldId: field,
          titleFieldId: table.primaryFieldId,
          defaultRange: 'month',
        },
      },
      ...(Array.isArray(app.navigation) && app.navigation.length < 50
        ? [{ op: 'add', path: '/navigation/-', value: { viewId: view } }]
        : []),
    ],
  };
}

export function recipeAnswers(): PipelineAnswers {
  return {
    mode: 'components',
    ba: {
      question:
        'Happy to help with that. Who will use it — just you, or the family too — and besides the recipes themselves, should it keep a shopping list?',
      reply:
        'Here is what I understood: a family cookbook where editors add recipes with ingredients, method, timings and a star rating, anyone with the link can browse them, and a shared shopping list. That is a data app with lists and forms, so I recommend building it from components.',
      recommendation: {
        mode: 'components',
        reason: 'It is about keeping and browsing records (recipes, shopping items) with forms and lists.',
      },
    },
    tools: {
      [AGENT_TOOLS.spec]: spec,
      [AGENT_TOOLS.planner]: plan,
      [AGENT_TOOLS['contract-tests']]: tests,
      [AGENT_TOOLS.implementer.components]: recipeApp(),
      [AGENT_TOOLS['security-reviewer']]: {
        summary: 'No blocking issue: visitors can only read, and no personal data is exposed.',
        findings: [
          {
            ruleId: 'llm.public-shopping-list',
            severity: 'warning',
            path: 'access.roles[0].tables[1]',
            message:
              'Visitors can read the shopping list. If it should stay within the family, remove read for the viewer role.',
          },
        ],
      },
      [AGENT_TOOLS['code-reviewer']]: {
        summary: 'A clean, small definition that matches the plan.',
        findings: [
          {
            ruleId: 'llm.no-delete-guard',
            severity: 'info',
            path: 'tables[1]',
            message:
              'Shopping items can be deleted with no confirmation rule; consider marking them bought instead.',
          },
        ],
      },
      [AGENT_TOOLS.copilot]: dueDatePatch(recipeApp()),
    },
    answerFromDefinition: { [AGENT_TOOLS.copilot]: dueDatePatch },
  };
}

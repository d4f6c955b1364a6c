/**
 * Realistic data for every example app in `schemas/examples/`, written through the published
 * app's own data API as its builder, and the facts end-to-end tests check against it (issue #6).
 *
 *   const { appId, slug } = await publishExample(server.url, builder, 'crm-lite');
 *   const { rows, facts } = await exampleSeeds['crm-lite'].seedExample(server.url, builder, builder.username, slug, new Date());
 *
 * Dates fall in the month of `today` (UTC), so month calendars show them; dates the app's rules
 * keep out of the future (check-ins, meals cooked) are on or before `today`, so pass the real
 * date. Values are as the data API takes them: durations in seconds, relations as row ids (a
 * form fact's `labels` says what the picker shows for each id).
 *
 * What the server does not compute yet shows in the stored rows and therefore in the facts:
 * lookups, rollups and autonumbers are null (and computed fields built on them), so purchase
 * orders cannot be submitted (see `example-seeds/inventory.ts`). Calendar titles and chart
 * labels are resolved here from the related rows, as the viewer should show them.
 */
import type { ExampleName } from './example-apps.ts';
import { bookmarkManagerSeed } from './example-seeds/bookmark-manager.ts';
import { crmLiteSeed } from './example-seeds/crm-lite.ts';
import { eventPlannerSeed } from './example-seeds/event-planner.ts';
import type { ExampleSeed } from './example-seeds/facts.ts';
import { habitTrackerSeed } from './example-seeds/habit-tracker.ts';
import { inventorySeed } from './example-seeds/inventory.ts';
import { recipeTrackerSeed } from './example-seeds/recipe-tracker.ts';

export type { ChartFact, ChartPointFact } from './example-seeds/charts.ts';
export { chartFact, chartFacts, matchesFilter } from './example-seeds/charts.ts';
export type {
  CalendarFact,
  ExampleFacts,
  ExampleSeed,
  FormFact,
  KanbanFact,
  KanbanMove,
  SeededExample,
  SignInFact,
} from './example-seeds/facts.ts';
export { DataApiError, ExampleClient, type Row, type RowsByTable, SeedMonth } from './example-seeds/rest.ts';

export const exampleSeeds: Record<ExampleName, ExampleSeed> = {
  'bookmark-manager': bookmarkManagerSeed,
  'crm-lite': crmLiteSeed,
  'event-planner': eventPlannerSeed,
  'habit-tracker': habitTrackerSeed,
  inventory: inventorySeed,
  'recipe-tracker': recipeTrackerSeed,
};

import type { Builder } from '../../../api/testing/builders.ts';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import { type ExampleName, loadExample } from '../example-apps.ts';
import { commonFacts, type ExampleFacts, type ExampleSeed } from './facts.ts';
import { ExampleClient, type Row, type RowsByTable, SeedMonth } from './rest.ts';

/** The facts an app's seed chooses itself: which rows to move, show and submit. */
type ChosenFacts = Omit<ExampleFacts, 'counts' | 'charts'>;

/**
 * One example's seed: `insert` writes its rows through the data API as the builder (owner);
 * afterwards every table is read back, because automations change rows after their insert
 * (a five-star meal makes a recipe a favourite, a won deal gets its close date), and the facts
 * are computed from what the server stored.
 */
export function defineSeed(
  name: ExampleName,
  insert: (client: ExampleClient, month: SeedMonth) => Promise<void>,
  choose: (rows: RowsByTable, app: AppDefinition, month: SeedMonth, today: Date) => ChosenFacts,
): ExampleSeed {
  const exampleFacts = (rows: RowsByTable, app: AppDefinition, today: Date): ExampleFacts => ({
    ...commonFacts(app, rows),
    ...choose(rows, app, new SeedMonth(today), today),
  });
  return {
    exampleFacts,
    async seedExample(serverUrl: string, builder: Builder, username: string, slug: string, today: Date) {
      const app = await loadExample(name);
      const client = new ExampleClient(serverUrl, username, slug, builder.token);
      await insert(client, new SeedMonth(today));
      const rows = await client.selectAll(app.tables.map((table) => table.id));
      return { rows, facts: exampleFacts(rows, app, today) };
    },
  };
}

/** Stored rows' ids by the value of one of their fields (a name, a title): `ids.Northwind`. */
export function idsBy(rows: readonly Row[], fieldId: string): Record<string, string> {
  return Object.fromEntries(rows.map((row) => [String(row[fieldId]), row.id]));
}

/** The one row of a table whose field has this value. */
export function findRow(rows: RowsByTable, tableId: string, fieldId: string, value: unknown): Row {
  const found = rows[tableId]?.filter((row) => row[fieldId] === value) ?? [];
  if (found.length !== 1)
    throw new Error(`${found.length} rows of ${tableId} with ${fieldId} = ${String(value)}`);
  return found[0]!;
}

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { Db } from '../../store/db.ts';
import { type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { outbox, publishApp } from './app-auth.fixture.ts';
import { taskBoard } from './data-api.fixture.ts';

// Lookups and rollups through the data API of the example apps (issue #4): reads compute them on
// both answer paths, writes give them to computed fields, guards and automations, and a write to
// a related row keeps the stored computed fields that read them up to date.

let db: Db;
let server: TestServer;
let stock: Builder;
let events: Builder;

async function example(name: string): Promise<AppDefinition> {
  const url = new URL(`../../../schemas/examples/${name}.app.json`, import.meta.url);
  return JSON.parse(await readFile(url, 'utf8')) as AppDefinition;
}

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  stock = await signUpBuilder(server.url, 'stockist');
  events = await signUpBuilder(server.url, 'planner');
  await publishApp(server.url, stock, await example('inventory'));
  await publishApp(server.url, stock, await example('recipe-tracker'));
  await publishApp(server.url, events, await example('event-planner'));
  const board = taskBoard('derived-board');
  board.tables[0]!.fields.push(
    { id: 'task_count', label: 'Tasks', type: 'rollup', relationFieldId: 'tasks', aggregate: 'count' },
    {
      id: 'points',
      label: 'Points',
      type: 'rollup',
      relationFieldId: 'tasks',
      targetFieldId: 'points',
      aggregate: 'sum',
    },
    { id: 'notes', label: 'Notes', type: 'lookup', relationFieldId: 'tasks', targetFieldId: 'secret_note' },
    { id: 'titles', label: 'Titles', type: 'lookup', relationFieldId: 'tasks', targetFieldId: 'title' },
  );
  await publishApp(server.url, events, board);
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

type Row = Record<string, unknown> & { id: string };

/** A data API call; as the app's builder unless `as` is null (a visitor). */
async function rest(
  builder: Builder,
  slug: string,
  method: string,
  path: string,
  body?: unknown,
  options: { as?: Builder | null; prefer?: string } = {},
) {
  const as = options.as === undefined ? builder : options.as;
  const response = await fetch(`${server.url}/u/${builder.username}/${slug}/rest/v1/${path}`, {
    method,
    headers: {
      ...(as ? { authorization: `Bearer ${as.token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      prefer: options.prefer ?? 'return=representation',
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Inserts rows and returns them as stored; a visitor (`as` null) gets nothing back (they may not read them). */
async function created(builder: Builder, slug: string, table: string, body: unknown, as?: Builder | null) {
  const answer = await rest(builder, slug, 'POST', table, body, { as, prefer: as === null ? '' : undefined });
  if (answer.status !== 201) throw new Error(`${table}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return (answer.body ?? []) as Row[];
}

async function one(builder: Builder, slug: string, path: string): Promise<Row> {
  const answer = await rest(builder, slug, 'GET', path);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const rows = answer.body as Row[];
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('inventory: a purchase order', () => {
  let order: Row;

  beforeAll(async () => {
    const [supplier] = await created(stock, 'inventory', 'suppliers', {
      name: 'Acme',
      email: 'sales@acme.test',
    });
    const definition = await example('inventory');
    const category = definition.tables
      .find((t) => t.id === 'products')!
      .fields.find((f) => f.id === 'category');
    const [product] = await created(stock, 'inventory', 'products', {
      sku: 'BLT-1234',
      name: 'Bolt',
      category: category?.type === 'single_select' ? category.options[0]!.id : null,
      unit_cost: 2,
      unit_price: 5,
      supplier: supplier!.id,
    });
    expect(product).toMatchObject({ supplier_name: 'Acme' });
    order = (
      await created(stock, 'inventory', 'purchase_orders', { supplier: supplier!.id, discount: 10 })
    )[0]!;
    (order as Row & { product: string }).product = product!.id;
  });

  it('is numbered by the store and reads its supplier’s e-mail through a lookup', () => {
    expect(order).toMatchObject({
      po_number: 'PO-1001',
      status: 'draft',
      supplier_email: 'sales@acme.test',
      line_count: 0,
      subtotal: null,
      total: null,
    });
  });

  it('cannot be submitted without lines: the guard reads the line_count rollup', async () => {
    const answer = await rest(stock, 'inventory', 'PATCH', `purchase_orders?id=eq.${order.id}`, {
      status: 'submitted',
    });
    expect(answer.status).toBe(409);
    expect((answer.body as { message: string }).message).toContain(
      'the condition of Submit for approval is not met',
    );
  });

  it('moves from Draft to Awaiting approval once it has lines, with its total computed', async () => {
    const lines = await created(stock, 'inventory', 'order_lines', [
      { purchase_order: order.id, product: order.product, quantity: 3, unit_cost: 2 },
      { purchase_order: order.id, product: order.product, quantity: 5, unit_cost: 4 },
    ]);
    expect(lines.map((l) => [l.line_total, l.product_name])).toEqual([
      [6, 'Bolt'],
      [20, 'Bolt'],
    ]);
    // Adding the lines computed the order's stored total again.
    const before = await one(
      stock,
      'inventory',
      `purchase_orders?id=eq.${order.id}&select=line_count,subtotal,total`,
    );
    expect(before).toMatchObject({ line_count: 2, subtotal: 26 });
    expect(before.total as number).toBeCloseTo(23.4, 9);

    const answer = await rest(stock, 'inventory', 'PATCH', `purchase_orders?id=eq.${order.id}`, {
      status: 'submitted',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect((answer.body as Row[])[0]).toMatchObject({ status: 'submitted', line_count: 2 });

    // The automation's condition and text read the rollup too.
    const mail = (await outbox(server.url, stock)).filter((m) => m.to === 'purchasing@example.com');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toMatch(/\(2 lines, total €23\.4/);
  });

  it('deleting a line computes the order’s total again', async () => {
    const [line] = await created(stock, 'inventory', 'order_lines', {
      purchase_order: order.id,
      product: order.product,
      quantity: 1,
      unit_cost: 10,
    });
    const more = await one(stock, 'inventory', `purchase_orders?id=eq.${order.id}&select=subtotal`);
    expect(more.subtotal).toBe(36);
    const removed = await rest(stock, 'inventory', 'DELETE', `order_lines?id=eq.${line!.id}`);
    expect(removed.status).toBe(200);
    const after = await one(stock, 'inventory', `purchase_orders?id=eq.${order.id}&select=subtotal,total`);
    expect(after.subtotal).toBe(26);
    expect(after.total as number).toBeCloseTo(23.4, 9);
  });

  it('filters and sorts by rollups, and refuses to sort by a list, naming it', async () => {
    const sorted = await rest(
      stock,
      'inventory',
      'GET',
      'purchase_orders?select=po_number&line_count=gt.1&order=total.desc',
    );
    expect(sorted).toEqual({ status: 200, body: [{ po_number: 'PO-1001' }] });
    const none = await rest(stock, 'inventory', 'GET', 'purchase_orders?select=po_number&line_count=gt.2');
    expect(none.body).toEqual([]);
    const refused = await rest(stock, 'inventory', 'GET', 'suppliers?order=product_count.desc,name');
    expect(refused.status).toBe(200);
    const list = await rest(events, 'derived-board', 'GET', 'projects?order=titles.asc');
    expect(list.status).toBe(400);
    expect((list.body as { message: string }).message).toBe('cannot order by "titles": it holds a list');
  });
});

describe('event planner: registrations fill an event', () => {
  let event: Row;

  beforeAll(async () => {
    const [venue] = await created(events, 'event-planner', 'venues', { name: 'Hall', address: '1 Main St' });
    event = (
      await created(events, 'event-planner', 'events', {
        title: 'Meetup',
        starts_at: '2027-03-01T18:00:00Z',
        ends_at: '2027-03-01T20:00:00Z',
        status: 'open',
        capacity: 3,
        organizer_email: 'org@example.test',
        venue: venue!.id,
      })
    )[0]!;
  });

  it('a new event has no registrations: its count is 0, its sums empty', () => {
    expect(event).toMatchObject({ venue_name: 'Hall', registration_count: 0, guest_count: null });
  });

  it('computes seats left and fill rate as visitors register, and closes registration when full', async () => {
    const register = (name: string, guests: number) =>
      created(
        events,
        'event-planner',
        'registrations',
        { attendee_name: name, email: `${name}@example.test`, event: event.id, guests, consent: true },
        null,
      );
    await register('ada', 1);
    const half = await one(
      events,
      'event-planner',
      `events?id=eq.${event.id}&select=seats_left,fill_rate,status`,
    );
    expect(half.seats_left).toBe(1);
    expect(half.fill_rate as number).toBeCloseTo(200 / 3, 9);
    expect(half.status).toBe('open');

    await register('grace', 0);
    const full = await one(
      events,
      'event-planner',
      `events?id=eq.${event.id}&select=registration_count,guest_count,seats_left,fill_rate,status`,
    );
    expect(full).toEqual({
      registration_count: 2,
      guest_count: 1,
      seats_left: 0,
      fill_rate: 100,
      status: 'full',
    });
  });

  it('gives tickets numbers and lookups of the event, the same on both read paths', async () => {
    const select =
      'registrations?select=attendee_name,ticket_number,event_title,event_status,event_seats_left,event_start&order=ticket_number';
    const json = await rest(events, 'event-planner', 'GET', select);
    const projected = await rest(events, 'event-planner', 'GET', select, undefined, {
      prefer: 'count=exact',
    });
    expect(json.body).toEqual([
      {
        attendee_name: 'ada',
        ticket_number: 'TKT-0001',
        event_title: 'Meetup',
        event_status: 'full',
        event_seats_left: 0,
        event_start: '2027-03-01T18:00:00.000Z',
      },
      expect.objectContaining({ attendee_name: 'grace', ticket_number: 'TKT-0002' }),
    ]);
    expect(projected.body).toEqual(json.body);
    const embedded = await rest(
      events,
      'event-planner',
      'GET',
      'events?select=title,registrations(attendee_name,event_seats_left)',
    );
    expect(embedded.body).toEqual([
      {
        title: 'Meetup',
        registrations: [
          { attendee_name: 'ada', event_seats_left: 0 },
          { attendee_name: 'grace', event_seats_left: 0 },
        ],
      },
    ]);
  });
});

describe('event planner under concurrent registrations', () => {
  it('10 visitors registering at once: all stored, every seat counted, distinct tickets, then full', async () => {
    const [venue] = await created(events, 'event-planner', 'venues', { name: 'Annex', address: '2 Main St' });
    const [event] = await created(events, 'event-planner', 'events', {
      title: 'Rush',
      starts_at: '2027-04-01T18:00:00Z',
      ends_at: '2027-04-01T20:00:00Z',
      status: 'open',
      capacity: 10,
      organizer_email: 'org@example.test',
      venue: venue!.id,
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        rest(
          events,
          'event-planner',
          'POST',
          'registrations',
          { attendee_name: `r${i}`, email: `r${i}@example.test`, event: event!.id, guests: 0, consent: true },
          { as: null, prefer: '' },
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    const after = await one(
      events,
      'event-planner',
      `events?id=eq.${event!.id}&select=registration_count,seats_left,status`,
    );
    expect(after).toEqual({ registration_count: 10, seats_left: 0, status: 'full' });
    const tickets = await rest(
      events,
      'event-planner',
      'GET',
      `registrations?select=ticket_number&event=eq.${event!.id}`,
    );
    const numbers = (tickets.body as { ticket_number: string }[]).map((t) => t.ticket_number);
    expect(new Set(numbers).size).toBe(10);
  });
});

describe('recipe tracker', () => {
  it('computes the cost per serving from the ingredients’ costs', async () => {
    const [recipe] = await created(stock, 'recipe-tracker', 'recipes', {
      title: 'Soup',
      instructions: 'Boil.',
      servings: 4,
    });
    expect(recipe).toMatchObject({ ingredient_count: 0, estimated_cost: null, cost_per_serving: null });
    await created(stock, 'recipe-tracker', 'ingredients', [
      { name: 'Leeks', recipe: recipe!.id, cost: 3 },
      { name: 'Stock', recipe: recipe!.id, cost: 5 },
    ]);
    const after = await one(
      stock,
      'recipe-tracker',
      `recipes?id=eq.${recipe!.id}&select=ingredient_count,estimated_cost,cost_per_serving`,
    );
    expect(after).toEqual({ ingredient_count: 2, estimated_cost: 8, cost_per_serving: 2 });
    const ingredients = await rest(
      stock,
      'recipe-tracker',
      'GET',
      `ingredients?select=name,recipe_title&order=name`,
    );
    expect(ingredients.body).toEqual([
      { name: 'Leeks', recipe_title: 'Soup' },
      { name: 'Stock', recipe_title: 'Soup' },
    ]);
  });
});

describe('what a role may not see', () => {
  it('a lookup of a field hidden from the caller’s role reads as null for that caller, on both paths', async () => {
    const [project] = await created(events, 'derived-board', 'projects', { name: 'Launch' });
    await created(events, 'derived-board', 'tasks', [
      { title: 'Copy', points: 3, project: project!.id, secret_note: 'ask legal' },
      { title: 'Logo', points: 8, project: project!.id },
    ]);
    const path = 'projects?select=name,task_count,points,titles,notes';
    const expected = { name: 'Launch', task_count: 2, points: 11, titles: ['Copy', 'Logo'] };
    for (const prefer of ['', 'count=exact']) {
      const visitor = await rest(events, 'derived-board', 'GET', path, undefined, { as: null, prefer });
      expect(visitor.body).toEqual([{ ...expected, notes: null }]);
      const owner = await rest(events, 'derived-board', 'GET', path, undefined, { prefer });
      expect(owner.body).toEqual([{ ...expected, notes: ['ask legal', null] }]);
    }
    const probe = await rest(
      events,
      'derived-board',
      'GET',
      'projects?select=name&notes=is.null',
      undefined,
      {
        as: null,
      },
    );
    expect(probe.body).toEqual([{ name: 'Launch' }]);
  });

  it('lookups and rollups cannot be written', async () => {
    const answer = await rest(events, 'derived-board', 'POST', 'projects', { name: 'X', task_count: 3 });
    expect(answer.status).toBe(400);
    expect((answer.body as { message: string }).message).toContain(
      'cannot be written: the app sets its value',
    );
  });
});

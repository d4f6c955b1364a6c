import { defineSeed, findRow, idsBy } from './define.ts';
import { calendarFact, kanbanFact, relationLabels } from './facts.ts';

/**
 * A workshop's stock: 4 suppliers, 7 products (two below their reorder level, one discontinued
 * without a supplier, as the rule allows), 4 purchase orders with 6 lines.
 *
 * Two orders go to approval once they have lines ("Submit for approval" is guarded by the
 * `line_count` rollup), so the deliveries calendar (Submitted, Approved or Received orders) shows
 * them; the other two stay Drafts for the board's moves. Nothing is approved yet, so the spend
 * chart (Approved or Received) is empty.
 */
type ProductLine = [string, string, string, number, number, number, number, number, string, string];

// SKU, product, category, unit cost, price, in stock, reorder at, order quantity, bin, supplier.
const PRODUCTS: ProductLine[] = [
  ['PKG-0100', 'Corrugated shipping box 40×30×20', 'packaging', 0.85, 1.4, 640, 200, 1000, 'A-01', 'Nordic'],
  ['PKG-0110', 'Stretch wrap roll 500 mm', 'packaging', 9.2, 14.5, 18, 20, 40, 'A-04', 'Nordic'],
  ['RAW-2001', 'Aluminium sheet 2 mm, 1×2 m', 'raw_materials', 38, 52, 75, 30, 60, 'C-12', 'Atlas'],
  ['RAW-2010', 'Stainless steel rod 12 mm', 'raw_materials', 12.4, 17.9, 8, 25, 100, 'C-03', 'Atlas'],
  ['SPR-3005', 'Conveyor belt motor 0.75 kW', 'spare_parts', 186, 249, 4, 2, 2, 'D-02', 'Baltic'],
  ['FIN-4001', 'Wall-mounted tool rack', 'finished_goods', 21.5, 44.9, 120, 40, 50, 'B-07', 'Rhein'],
];

export const inventorySeed = defineSeed(
  'inventory',
  async (client, month) => {
    const suppliers = idsBy(
      await client.insert(
        'suppliers',
        [
          [
            'Nordic Packaging AB',
            'Lena Holm',
            'orders@nordicpack.example',
            10,
            4,
            { phone: '+46 8 555 123 45' },
          ],
          [
            'Rhein Metallteile GmbH',
            'Thomas Weber',
            'bestellung@rhein.example',
            14,
            5,
            { website: 'https://rhein.example' },
          ],
          ['Atlas Raw Materials Ltd', 'Grace Okafor', 'sales@atlas-raw.example', 21, 3, {}],
          ['Baltic Spare Parts', 'Mikus Ozols', 'orders@balticparts.example', 7, 4, {}],
        ].map(([name, contact_name, email, lead_time_days, reliability, more]) => ({
          name,
          contact_name,
          email,
          lead_time_days,
          reliability,
          ...(more as object),
        })),
        (row) => String(row.name),
      ),
      'name',
    );
    // Suppliers by the first word of their name: `Nordic`, `Rhein`, …
    const supplier = (word: string) => suppliers[Object.keys(suppliers).find((n) => n.startsWith(word))!];
    const products = idsBy(
      await client.insert(
        'products',
        [
          ...PRODUCTS.map(
            ([sku, name, category, unit_cost, unit_price, stock, reorderAt, orderQty, bin, from]) => ({
              sku,
              name,
              category,
              unit_cost,
              unit_price,
              quantity_on_hand: stock,
              reorder_level: reorderAt,
              reorder_quantity: orderQty,
              bin_location: bin,
              supplier: supplier(from),
              ...(sku === 'FIN-4001'
                ? { description: 'Powder-coated steel, holds 12 tools; sold with wall plugs and screws.' }
                : {}),
            }),
          ),
          {
            sku: 'FIN-3999',
            name: 'Tool rack, first edition',
            category: 'finished_goods',
            unit_cost: 19,
            unit_price: 39,
            quantity_on_hand: 0,
            reorder_level: 0,
            discontinued: true,
          },
        ],
        (row) => String(row.sku),
      ),
      'sku',
    );
    const order = (from: string, orderedDay: number, expectedAfter: number, notes: string, discount = 0) => ({
      supplier: supplier(from),
      ordered_on: month.date(orderedDay),
      expected_on: month.date(Math.min(month.days, Math.max(1, orderedDay)) + expectedAfter),
      discount,
      notes,
    });
    const orders = idsBy(
      await client.insert(
        'purchase_orders',
        [
          order('Nordic', month.day - 8, 10, 'Boxes and wrap for the spring rush'),
          order('Atlas', month.day - 5, 21, 'Steel rod top-up; send the mill certificate', 5),
          order('Baltic', month.day - 2, 5, 'Spare motor for line 2'),
          order('Rhein', month.day, 14, 'Sample batch of tool racks for the trade fair'),
        ],
        (row) => String(row.notes),
      ),
      'notes',
    );
    const line = (notes: string, sku: string, quantity: number, unit_cost: number) => ({
      purchase_order: orders[notes],
      product: products[sku],
      quantity,
      unit_cost,
    });
    await client.insert(
      'order_lines',
      [
        line('Boxes and wrap for the spring rush', 'PKG-0100', 1000, 0.85),
        line('Boxes and wrap for the spring rush', 'PKG-0110', 40, 9.2),
        line('Steel rod top-up; send the mill certificate', 'RAW-2010', 100, 12.4),
        line('Steel rod top-up; send the mill certificate', 'RAW-2001', 20, 38),
        line('Spare motor for line 2', 'SPR-3005', 1, 186),
        line('Sample batch of tool racks for the trade fair', 'FIN-4001', 10, 21.5),
      ],
      (row) => `${row.purchase_order} ${row.product}`,
    );
    for (const notes of ['Steel rod top-up; send the mill certificate', 'Spare motor for line 2']) {
      const response = await client.request(
        'PATCH',
        `purchase_orders?id=eq.${orders[notes]}`,
        { status: 'submitted' },
        { prefer: 'return=minimal' },
      );
      if (!response.ok) throw new Error(`submitting "${notes}": ${response.status} ${await response.text()}`);
      await response.body?.cancel();
    }
  },
  (rows, app, month) => {
    const sample = findRow(rows, 'purchase_orders', 'notes', 'Sample batch of tool racks for the trade fair');
    const boxes = findRow(rows, 'purchase_orders', 'notes', 'Boxes and wrap for the spring rush');
    // Submitted, so on the deliveries calendar; expected at most 5 days after it was ordered (two
    // days ago), so a day either side stays in the month and after the order date.
    const motor = findRow(rows, 'purchase_orders', 'notes', 'Spare motor for line 2');
    const motorDue = Number(String(motor.expected_on).slice(8, 10));
    const nordic = findRow(rows, 'suppliers', 'name', 'Nordic Packaging AB').id;
    const rhein = findRow(rows, 'suppliers', 'name', 'Rhein Metallteile GmbH').id;
    const aluminium = findRow(rows, 'products', 'sku', 'RAW-2001').id;
    const productInput = {
      sku: 'PKG-0120',
      name: 'Packing tape 48 mm',
      category: 'packaging',
      unit_cost: 1.1,
      unit_price: 2.2,
      quantity_on_hand: 300,
      reorder_level: 100,
      reorder_quantity: 500,
      bin_location: 'A-06',
      supplier: nordic,
    };
    const orderInput = {
      supplier: rhein,
      ordered_on: month.today,
      expected_on: month.ahead(7),
      notes: 'Brackets for the new racks',
    };
    // The order date is at least the 2nd, so the day before it is still in the month.
    const lateDay = Math.max(2, month.day);
    const lineInput = { purchase_order: boxes.id, product: aluminium, quantity: 5, unit_cost: 38 };
    const labelled = (tableId: string, values: Record<string, unknown>) => ({
      values,
      labels: relationLabels(app, rows, tableId, values),
    });
    return {
      kanbans: [
        kanbanFact(
          app,
          rows,
          'order_board',
          { rowId: sample.id, to: 'cancelled' },
          { rowId: boxes.id, to: 'approved' },
        ),
      ],
      calendars: [
        calendarFact(app, rows, month, 'deliveries', motor.id, {
          start: month.date(motorDue < month.days ? motorDue + 1 : motorDue - 1),
        }),
      ],
      forms: [
        {
          viewId: 'product_form',
          tableId: 'products',
          role: 'clerk',
          valid: labelled('products', productInput),
          invalid: {
            ...labelled('products', { ...productInput, unit_price: 0.9 }),
            message: 'The selling price must not be below the unit cost.',
          },
        },
        {
          viewId: 'order_form',
          tableId: 'purchase_orders',
          role: 'clerk',
          valid: labelled('purchase_orders', orderInput),
          invalid: {
            ...labelled('purchase_orders', {
              ...orderInput,
              ordered_on: month.date(lateDay),
              expected_on: month.date(lateDay - 1),
            }),
            message: 'The expected delivery cannot be before the order date.',
          },
        },
        {
          viewId: 'order_line_form',
          tableId: 'order_lines',
          role: 'clerk',
          valid: labelled('order_lines', lineInput),
          invalid: {
            ...labelled('order_lines', { ...lineInput, quantity: 0 }),
            field: 'quantity',
            message: 'Quantity must be at least 1',
          },
        },
      ],
      signIn: {
        role: 'accountant',
        email: 'finance@workshop.example',
        tableId: 'products',
        rows: rows.products?.length ?? 0,
        hiddenFields: ['bin_location'],
      },
    };
  },
);

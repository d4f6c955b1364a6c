import { fieldHandleId } from './node-ids.ts';

/**
 * Where a table node's parts sit, in flow pixels, as `nodes/app/table/node.tsx` and the
 * `.bp-row-handle` / `.bp-anchor` rules in `styles.css` draw them: a 260 px card with a 1 px
 * border, a 48 px header, 4 px of padding around 28 px field rows, 8 px row handles and 6 px
 * anchors half outside the card. The canvas gives React Flow these before a table is drawn, so
 * a big app renders only the tables in view instead of mounting and measuring every one first;
 * React Flow measures each table for real once it is drawn. The canvas e2e checks them against
 * the drawn page.
 */
export const TABLE_GEOMETRY = {
  width: 260,
  border: 1,
  header: 48,
  padding: 4,
  row: 28,
  rowHandle: 8,
  anchor: 6,
} as const;

export interface HandleGeometry {
  id: string | null;
  type: 'source' | 'target';
  position: 'left' | 'right';
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TableGeometry {
  width: number;
  height: number;
  handles: HandleGeometry[];
}

export function tableGeometry(fieldIds: readonly string[]): TableGeometry {
  const g = TABLE_GEOMETRY;
  const inner = g.width - 2 * g.border;
  // Absolutely placed handles sit in their row's (or the header's) padding box: the header's
  // ends above its own 1 px bottom border.
  const headerTop = g.border;
  const anchorY = headerTop + (g.header - 1 - g.anchor) / 2;
  const handles: HandleGeometry[] = [
    {
      id: null,
      type: 'target',
      position: 'left',
      x: g.border - g.anchor / 2,
      y: anchorY,
      width: g.anchor,
      height: g.anchor,
    },
    {
      id: null,
      type: 'source',
      position: 'right',
      x: g.border + inner - g.anchor / 2,
      y: anchorY,
      width: g.anchor,
      height: g.anchor,
    },
  ];
  fieldIds.forEach((fieldId, i) => {
    const y = headerTop + g.header + g.padding + i * g.row + (g.row - g.rowHandle) / 2;
    const size = { width: g.rowHandle, height: g.rowHandle };
    handles.push(
      {
        id: fieldHandleId(fieldId, 'target'),
        type: 'target',
        position: 'left',
        x: g.border - g.rowHandle / 2,
        y,
        ...size,
      },
      {
        id: fieldHandleId(fieldId, 'source'),
        type: 'source',
        position: 'right',
        x: g.border + inner - g.rowHandle / 2,
        y,
        ...size,
      },
    );
  });
  return {
    width: g.width,
    height: 2 * g.border + g.header + 2 * g.padding + fieldIds.length * g.row,
    handles,
  };
}

import type { NodeProps } from '@xyflow/react';
import type { FieldRow, TableNode } from '../../../graph/graph-types.ts';

export type TableNodeProps = NodeProps<TableNode>;
export type { FieldRow };

/** A table's icon as the node shows it: an emoji as it is; an icon name (no icon set here) as a grid glyph. */
export function tableGlyph(icon: string | undefined): string {
  if (icon && /\p{Extended_Pictographic}/u.test(icon)) return icon;
  return '▦';
}

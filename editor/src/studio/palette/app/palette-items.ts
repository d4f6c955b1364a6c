import { fieldTypes, VIEW_KINDS } from '../../model/index.ts';
import { FIELD_TYPE_GLYPHS, FIELD_TYPE_NAMES } from '../../nodes/app/shared/field-types.ts';
import { ACTION_KIND_INFO, VIEW_KIND_INFO } from '../../nodes/app/shared/kinds.ts';

export type PaletteGroup = 'Tables' | 'Views' | 'Automations' | 'Fields';

export interface PaletteItem {
  id: string;
  group: PaletteGroup;
  label: string;
  glyph: string;
  /** One line on what it adds, for its title and screen readers. */
  blurb: string;
}

/** The app palette's items, in the order shown; one start-workflow item per workflow the builder has. */
export function paletteItems(workflows: readonly { id: string; label: string }[] = []): PaletteItem[] {
  return [
    { id: 'table', group: 'Tables', label: 'Table', glyph: '▦', blurb: 'A new table with a Name field' },
    ...VIEW_KINDS.map((kind) => ({
      id: `view:${kind}`,
      group: 'Views' as const,
      label: VIEW_KIND_INFO[kind].name,
      glyph: VIEW_KIND_INFO[kind].glyph,
      blurb: VIEW_KIND_INFO[kind].blurb,
    })),
    ...(['notify', 'update_record'] as const).map((kind) => ({
      id: `automation:${kind}`,
      group: 'Automations' as const,
      label: ACTION_KIND_INFO[kind].name,
      glyph: ACTION_KIND_INFO[kind].glyph,
      blurb: `When a row is created: ${ACTION_KIND_INFO[kind].blurb.toLowerCase()}`,
    })),
    ...workflows.map((workflow) => ({
      id: `automation:start_workflow:${workflow.id}`,
      group: 'Automations' as const,
      label: `Start ${workflow.label}`,
      glyph: ACTION_KIND_INFO.start_workflow.glyph,
      blurb: `When a row is created: run the workflow ${workflow.label}`,
    })),
    ...fieldTypes().map((type) => ({
      id: `field:${type}`,
      group: 'Fields' as const,
      label: FIELD_TYPE_NAMES[type],
      glyph: FIELD_TYPE_GLYPHS[type],
      blurb: `A ${FIELD_TYPE_NAMES[type].toLowerCase()} field`,
    })),
  ];
}

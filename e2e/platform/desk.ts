import type { AppDefinition } from '../../schemas/definitions.ts';

export const DESK_SLUG = 'platform-desk';
/** A second app, so the rate-limit case spends its own per-app budget and no other case's. */
export const FLOOD_SLUG = 'platform-flood';

/**
 * The suite's public app: documents with points, an internal note visitors never see, and a
 * contract file. Visitors read and add; members may also change and delete every row, which the
 * review points out (an info finding), so publishing has findings to answer with.
 */
export function platformDesk(slug = DESK_SLUG): AppDefinition {
  const docs = (write: boolean) =>
    ({ tableId: 'docs', create: true, read: true, update: write, delete: write, rowScope: 'all' }) as const;
  const hiddenFields = [{ tableId: 'docs', fieldId: 'note' }];
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Platform desk',
    slug,
    themeColor: '#0f766e',
    tables: [
      {
        id: 'docs',
        label: 'Documents',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true },
          { id: 'points', label: 'Points', type: 'number', min: 0, max: 100 },
          { id: 'note', label: 'Internal note', type: 'text' },
          {
            id: 'contract',
            label: 'Contract',
            type: 'attachment',
            allowedTypes: ['.pdf', 'text/plain'],
            maxSizeMb: 2,
            maxFiles: 1,
          },
        ],
      },
    ],
    views: [
      { id: 'docs', label: 'Documents', kind: 'list', tableId: 'docs', columns: ['title'], pageSize: 50 },
    ],
    access: {
      level: 'public',
      defaultRoleId: 'visitor',
      roles: [
        { id: 'visitor', label: 'Visitor', tables: [docs(false)], hiddenFields },
        { id: 'member', label: 'Member', tables: [docs(true)], hiddenFields },
      ],
    },
    automations: [],
    navigation: [{ viewId: 'docs' }],
  };
}

import { findTable } from '../../../runtime/components/access.ts';
import type { StoredFile } from '../../../runtime/components/coerce-attachment.ts';
import type { Tx } from '../../store/db.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import { RestError } from './errors.ts';
import { filesOfApp } from './files-store.ts';

/**
 * A write may only attach files that were uploaded to this app, this table and this field, and
 * only as they were uploaded (their type and size): the runtime checked the value's shape and the
 * field's limits, but it cannot know which blobs exist, so a made-up key, another app's key or a
 * key uploaded for another field stops here. Only the attachment fields the write changes are
 * checked; the values already stored passed this check when they were written.
 */
export async function checkAttachmentKeys(
  tx: Tx,
  app: PublishedApp,
  tableId: string,
  written: { data: Record<string, unknown>; changedFields: readonly string[] },
): Promise<void> {
  const table = findTable(app.definition, tableId);
  if (!table) return;
  const changed = new Set(written.changedFields);
  const attached: { fieldId: string; file: StoredFile }[] = [];
  for (const field of table.fields) {
    const value = written.data[field.id];
    if (field.type !== 'attachment' || !changed.has(field.id) || !Array.isArray(value)) continue;
    for (const file of value as StoredFile[])
      if (typeof file.key === 'string') attached.push({ fieldId: field.id, file });
  }
  if (attached.length === 0) return;
  const uploaded = await filesOfApp(
    tx,
    app.appId,
    attached.map(({ file }) => file.key!),
  );
  const problems: string[] = [];
  for (const { fieldId, file } of attached) {
    const found = uploaded.get(file.key!);
    const label = JSON.stringify(file.name);
    if (!found || found.tableId !== tableId || found.fieldId !== fieldId)
      problems.push(
        `${fieldId}: ${label} is not a file uploaded to this field: upload it to /files/${tableId}/${fieldId} first`,
      );
    else if (found.type !== file.type || found.size !== file.size)
      problems.push(
        `${fieldId}: ${label} does not match its upload (${found.type}, ${found.size} bytes): send the value the upload returned`,
      );
  }
  if (problems.length > 0) throw new RestError(400, '23514', problems[0]!, problems.join('; '));
}

import { useId, useMemo } from 'react';
import type { Field } from '../../../../../schemas/app/fields.ts';
import { isDerived } from '../../fields/field-input-value.ts';
import { Bone, LoadFailure, Loading, Notice, secondaryButton } from '../../fields/page-parts.tsx';
import { selectWithRelations } from '../../fields/relation-query.ts';
import { useLoad } from '../../fields/use-load.ts';
import { AppLink } from '../../layout/AppLink.tsx';
import { viewPath } from '../../routing.ts';
import { useValueContext } from '../list/value-context.ts';
import type { ViewProps } from '../view-props.ts';
import { DetailField } from './DetailField.tsx';
import { RelatedList } from './RelatedList.tsx';
import { RowPicker } from './RowPicker.tsx';

function DetailSkeleton() {
  return (
    <Loading label="Loading…">
      <div className="max-w-3xl space-y-3 rounded-xl border border-neutral-200 bg-white p-4">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="grid gap-2 sm:grid-cols-[1fr_2fr]">
            <Bone className="h-4 w-24" />
            <Bone className="h-4" />
          </div>
        ))}
      </div>
    </Loading>
  );
}

/**
 * One row: its sections, the rows related to it, and — where the caller may update the table —
 * each value editable in place. Without a row in the address, the rows to choose one from.
 */
export function DetailViewPage({ app, view, client, rowId, navigate }: ViewProps<'detail'>) {
  const idPrefix = useId();
  const context = useValueContext(app, client, navigate);
  const table = app.definition.tables.find((candidate) => candidate.id === view.tableId);
  const rights = table ? app.rights[table.id] : undefined;
  const sections = useMemo(
    () =>
      (table ? view.sections : []).map((section) => ({
        label: section.label,
        fields: section.fields
          .map((id) => table?.fields.find((field) => field.id === id))
          .filter((field): field is Field => field !== undefined),
      })),
    [table, view.sections],
  );
  const fieldIds = sections.flatMap((section) => section.fields.map((field) => field.id));
  const row = useLoad(`${view.id}|${rowId ?? ''}`, async () =>
    table && rowId ? client.row(table.id, rowId, selectWithRelations(app, table, fieldIds)) : null,
  );

  if (!table)
    return (
      <Notice tone="error" title="This page cannot be shown.">
        <p>Its table is not available to you. Ask the app’s owner for access.</p>
      </Notice>
    );
  if (rowId === null)
    return (
      <RowPicker
        app={app}
        table={table}
        client={client}
        hrefFor={(id) => viewPath(view.id, id)}
        onPick={(id) => navigate(viewPath(view.id, id))}
        intro={`Choose a row of ${table.label} to see it in full.`}
      />
    );
  if (row.status === 'error' && !row.data)
    return <LoadFailure what="this row" error={row.error} onRetry={row.reload} />;
  if (!row.data) {
    if (row.status === 'loading') return <DetailSkeleton />;
    return (
      <Notice
        tone="warning"
        title="This row is not there."
        action={
          <AppLink
            href={`${client.base}${viewPath(view.id)}`}
            onNavigate={() => navigate(viewPath(view.id))}
            className={secondaryButton}
          >
            Choose another
          </AppLink>
        }
      >
        <p>It may have been deleted, or it is not yours to see.</p>
      </Notice>
    );
  }
  const current = row.data;
  const owner = app.caller.kind === 'owner';
  const editForm = app.definition.views.find(
    (candidate) => candidate.kind === 'form' && candidate.tableId === table.id && candidate.mode !== 'create',
  );

  return (
    <div className="max-w-3xl space-y-8">
      {rights?.update && (
        <p className="text-xs text-neutral-500">
          Select a value to change it.
          {editForm && (
            <>
              {' '}
              Or{' '}
              <AppLink
                href={`${client.base}${viewPath(editForm.id, current.id)}`}
                onNavigate={() => navigate(viewPath(editForm.id, current.id))}
                className="font-medium text-(--app-accent-ink,#4338ca) underline underline-offset-2"
              >
                edit it all in {editForm.label}
              </AppLink>
              .
            </>
          )}
        </p>
      )}
      {sections.map((section, index) =>
        section.fields.length === 0 ? null : (
          <section
            key={section.label}
            aria-labelledby={`${idPrefix}-s${index}`}
            className="rounded-xl border border-neutral-200 bg-white px-4 py-2 sm:px-5"
          >
            <h2 id={`${idPrefix}-s${index}`} className="pt-2 text-base font-semibold text-neutral-900">
              {section.label}
            </h2>
            <dl className="divide-y divide-neutral-100">
              {section.fields.map((field) => (
                <DetailField
                  key={field.id}
                  app={app}
                  client={client}
                  table={table}
                  field={field}
                  row={current}
                  editable={rights?.update === true && !isDerived(field) && (!field.readOnly || owner)}
                  context={context}
                  onSaved={(saved) => {
                    // The saved values at once; then the row again, for names and computed values.
                    row.setData((before) => (before ? { ...before, ...saved } : before));
                    row.reload();
                  }}
                  idPrefix={idPrefix}
                />
              ))}
            </dl>
          </section>
        ),
      )}
      {(view.relatedLists ?? []).map((list) => (
        <RelatedList
          key={list.relationFieldId}
          app={app}
          client={client}
          table={table}
          list={list}
          row={current}
          navigate={navigate}
          context={context}
        />
      ))}
    </div>
  );
}

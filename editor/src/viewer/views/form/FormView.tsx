import { Bone, LoadFailure, Loading, Notice } from '../../fields/page-parts.tsx';
import { useLoad } from '../../fields/use-load.ts';
import { viewPath } from '../../routing.ts';
import { RowPicker } from '../detail/RowPicker.tsx';
import type { ViewProps } from '../view-props.ts';
import { FormBody } from './FormBody.tsx';

function FormSkeleton() {
  return (
    <Loading label="Loading the form…">
      <div className="max-w-2xl space-y-5">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="space-y-2">
            <Bone className="h-4 w-32" />
            <Bone className="h-10" />
          </div>
        ))}
      </div>
    </Loading>
  );
}

/**
 * A form page: a new row (mode create, or create_or_edit without a row in the address) or the
 * row the address names (edit, create_or_edit with a row). An edit form without a row lists the
 * rows to pick one.
 */
export function FormViewPage({ app, view, client, rowId, navigate }: ViewProps<'form'>) {
  const table = app.definition.tables.find((candidate) => candidate.id === view.tableId);
  const rights = table ? app.rights[table.id] : undefined;
  const editing = view.mode === 'edit' || (view.mode === 'create_or_edit' && rowId !== null);
  const row = useLoad(`${view.id}|${editing ? rowId : ''}`, async () =>
    editing && rowId && table ? client.row(table.id, rowId) : null,
  );

  if (!table || !rights)
    return (
      <Notice tone="error" title="This form cannot be shown.">
        <p>Its table is not available to you. Ask the app’s owner for access.</p>
      </Notice>
    );
  if (editing && rowId === null)
    return (
      <RowPicker
        app={app}
        table={table}
        client={client}
        hrefFor={(id) => viewPath(view.id, id)}
        onPick={(id) => navigate(viewPath(view.id, id))}
        intro={`Choose the ${table.label.toLowerCase()} row to edit.`}
      />
    );
  if (!editing && !rights.create)
    return (
      <Notice tone="warning" title={`You cannot add ${table.label.toLowerCase()} here.`}>
        <p>Your role may not create rows in {table.label}. Ask the app’s owner if you need to.</p>
      </Notice>
    );
  if (editing && row.status === 'loading') return <FormSkeleton />;
  if (editing && row.status === 'error')
    return <LoadFailure what="the row to edit" error={row.error} onRetry={row.reload} />;
  if (editing && !row.data)
    return (
      <Notice tone="warning" title="This row is not there.">
        <p>It may have been deleted, or it is not yours to see. Go back and choose another one.</p>
      </Notice>
    );
  if (editing && !rights.update)
    return (
      <Notice tone="info" title="You can look but not change.">
        <p>Your role may not change rows of {table.label}.</p>
      </Notice>
    );
  return (
    <FormBody
      key={`${view.id}|${row.data?.id ?? 'new'}`}
      app={app}
      view={view}
      table={table}
      client={client}
      existing={editing ? (row.data ?? null) : null}
      navigate={navigate}
    />
  );
}

import { useId, useMemo } from 'react';
import type { ViewerApp } from '../../../../../schemas/api/viewer.ts';
import type { Table } from '../../../../../schemas/app/app-definition.ts';
import type { Row, ViewerClient } from '../../api/client.ts';
import { displayText } from '../../fields/display-text.ts';
import { FieldValue, type ValueContext } from '../../fields/FieldValue.tsx';
import { Bone, LoadFailure, Loading } from '../../fields/page-parts.tsx';
import { relatedOf, relationLabels } from '../../fields/relation-query.ts';
import { useLoad } from '../../fields/use-load.ts';
import { AppLink } from '../../layout/AppLink.tsx';
import { detailViewFor } from '../../layout/navigation.ts';
import { viewPath } from '../../routing.ts';
import { inStoredOrder, RELATED_LIMIT, type RelatedListDefinition, relatedPlan } from './related-list.ts';

interface Props {
  app: ViewerApp;
  client: ViewerClient;
  table: Table;
  list: RelatedListDefinition;
  row: Row;
  navigate: (path: string) => void;
  context: ValueContext;
}

/** A related list: a small table of the rows linked to this one, each opening its own page. */
export function RelatedList({ app, client, table, list, row, navigate, context }: Props) {
  const headingId = useId();
  const plan = useMemo(() => relatedPlan(app, table, list, row), [app, table, list, row]);
  const key = plan.kind === 'query' ? `${plan.table.id}?${plan.params}` : plan.kind;
  const rows = useLoad(key, async () =>
    plan.kind === 'query' ? (await client.rows(plan.table.id, plan.params)).rows : [],
  );
  if (plan.kind === 'unavailable') return null;
  const other = plan.table;
  const title = list.label ?? other.label;
  const detail = detailViewFor(app.definition, other.id);
  const shown =
    plan.kind === 'query' && plan.direction === 'points_at'
      ? inStoredOrder(rows.data ?? [], row[plan.field.id])
      : (rows.data ?? []);
  const labels = relationLabels(
    app,
    other,
    plan.columns.map((c) => c.id),
    shown,
  );

  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-base font-semibold text-neutral-900">
        {title}
        {rows.status === 'ready' && (
          <span className="ml-2 text-sm font-normal text-neutral-500">
            ({shown.length === RELATED_LIMIT ? `${RELATED_LIMIT}+` : shown.length})
          </span>
        )}
      </h2>
      {rows.status === 'error' && <LoadFailure what={title} error={rows.error} onRetry={rows.reload} />}
      {rows.status === 'loading' && shown.length === 0 && (
        <Loading label={`Loading ${title}…`}>
          <div className="space-y-2">
            <Bone className="h-9" />
            <Bone className="h-9" />
          </div>
        </Loading>
      )}
      {rows.status === 'ready' && shown.length === 0 && (
        <p className="rounded-lg border border-dashed border-neutral-300 bg-white px-4 py-5 text-center text-sm text-neutral-600">
          No {title.toLowerCase()} linked to this row yet.
        </p>
      )}
      {shown.length > 0 && (
        <div className="relative overflow-x-auto rounded-xl border border-neutral-200 bg-white">
          <table className="w-full min-w-max text-left text-sm">
            <caption className="sr-only">{title}</caption>
            <thead className="bg-neutral-50 text-xs text-neutral-600 uppercase">
              <tr>
                {plan.columns.map((column) => (
                  <th key={column.id} scope="col" className="px-3 py-2 font-medium">
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-neutral-100">
              {shown.map((related) => (
                <tr key={related.id} className="hover:bg-neutral-50">
                  {plan.columns.map((column, index) => {
                    const value = (
                      <FieldValue
                        field={column}
                        table={other}
                        value={related[column.id]}
                        context={context}
                        related={relatedOf(app, column, related)}
                        compact
                      />
                    );
                    return (
                      <td key={column.id} className="max-w-xs px-3 py-2 align-top">
                        {index === 0 && detail ? (
                          <AppLink
                            href={`${client.base}${viewPath(detail.id, related.id)}`}
                            onNavigate={() => navigate(viewPath(detail.id, related.id))}
                            className="font-medium text-(--app-accent-ink,#4338ca) underline-offset-2 hover:underline"
                          >
                            {/* Text, not the value's own links: a link cannot hold another. */}
                            {displayText(app.definition, other, column, related[column.id], (id) =>
                              labels.get(id),
                            ) || 'Open'}
                          </AppLink>
                        ) : (
                          value
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

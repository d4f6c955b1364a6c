import type { ComponentType } from 'react';
import type { View } from '../../../../schemas/app/views.ts';
import { CalendarViewPage } from './calendar/CalendarView.tsx';
import { CardGridViewPage } from './card-grid/CardGridView.tsx';
import { ChartViewPage } from './chart/ChartView.tsx';
import { DetailViewPage } from './detail/DetailView.tsx';
import { FormViewPage } from './form/FormView.tsx';
import { KanbanViewPage } from './kanban/KanbanView.tsx';
import { ListViewPage } from './list/ListView.tsx';
import type { ViewProps } from './view-props.ts';

/** One line per view kind: the page that shows a view of that kind. */
export const viewPages: { [K in View['kind']]: ComponentType<ViewProps<K>> } = {
  list: ListViewPage,
  detail: DetailViewPage,
  form: FormViewPage,
  card_grid: CardGridViewPage,
  kanban: KanbanViewPage,
  calendar: CalendarViewPage,
  chart: ChartViewPage,
};

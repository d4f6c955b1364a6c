/** The query side of the component runtime: PostgREST requests and views compiled to SQL over app_data. */

export {
  type ChartQueryOptions,
  type ChartRow,
  type ChartView,
  chartData,
  compileChartQuery,
  MAX_CHART_POINTS,
} from './aggregate-sql.ts';
export type {
  ColumnItem,
  ColumnRef,
  ColumnType,
  Condition,
  EmbedItem,
  FilterGroupNode,
  FilterNode,
  OrderTerm,
  QueryError,
  QueryResult,
  ReadQuery,
  SelectItem,
  Visibility,
} from './ast.ts';
export { allFieldsVisible, SYSTEM_COLUMNS } from './columns.ts';
export { compileDerivedValues, type DerivedSpec, isDerived } from './derived-sql.ts';
export { type IndexDefinition, indexesForViews, indexPrefix } from './indexes.ts';
export { type ParseContext, parseFilterQuery, parseReadQuery } from './postgrest.ts';
export { projectRows } from './project.ts';
export {
  type CompileOptions,
  compileCount,
  compileMatchingIds,
  compileSelect,
  compileSelectJson,
  type RawRow,
  type RowScope,
  type SqlQuery,
} from './sql.ts';
export { type Cursor, compileViewQuery, type ViewQueryOptions, viewCursor } from './view-sql.ts';

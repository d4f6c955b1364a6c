import { z } from 'zod';
import { Id } from '../common.ts';

/** Operators a view filter may use; each compiles to SQL over app_data (see the component runtime). */
export const FilterOperator = z.enum([
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'contains',
  'not_contains',
  'starts_with',
  'in',
  'not_in',
  'is_empty',
  'is_not_empty',
]);
export type FilterOperator = z.infer<typeof FilterOperator>;

/** Operators that take no value. */
export const UNARY_OPERATORS: ReadonlySet<FilterOperator> = new Set(['is_empty', 'is_not_empty']);
/** Operators that take a list of values. */
export const LIST_OPERATORS: ReadonlySet<FilterOperator> = new Set(['in', 'not_in']);
/** Operators that order values: numbers, dates, ratings. */
export const ORDER_OPERATORS: ReadonlySet<FilterOperator> = new Set(['lt', 'lte', 'gt', 'gte']);
/** Operators on text. */
export const TEXT_OPERATORS: ReadonlySet<FilterOperator> = new Set([
  'contains',
  'not_contains',
  'starts_with',
]);

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

export const FilterCondition = z.strictObject({
  fieldId: Id,
  op: FilterOperator,
  /** A literal, never an expression: filters compile to parameterised SQL. */
  value: z.union([Scalar, z.array(Scalar).max(100)]).optional(),
});
export type FilterCondition = z.infer<typeof FilterCondition>;

export type FilterGroup = {
  combinator: 'and' | 'or';
  conditions: (FilterCondition | FilterGroup)[];
};

export const FilterGroup: z.ZodType<FilterGroup> = z.lazy(() =>
  z.strictObject({
    combinator: z.enum(['and', 'or']),
    conditions: z.array(z.union([FilterCondition, FilterGroup])).max(50),
  }),
);

/** Filters nest at most this deep (the outer group is depth 1). */
export const MAX_FILTER_DEPTH = 4;

export const SortKey = z.strictObject({ fieldId: Id, direction: z.enum(['asc', 'desc']) });
export type SortKey = z.infer<typeof SortKey>;

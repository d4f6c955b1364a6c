import { z } from 'zod';
import { AppDefinition } from '../app/app-definition.ts';

/**
 * The viewer's contract with the platform: what a published app's end users' pages
 * (`/u/{username}/{slug}`, built from `editor/viewer.html`) read besides the PostgREST data API.
 *
 * `GET /u/{username}/{slug}/app` answers `ViewerApp`: the published definition as the caller may
 * see it. Tables the caller cannot read, fields its role hides, views over those tables, forms it
 * may not submit, automations and the other roles are not in it, so a hidden field never leaves
 * the server; rules and conditions that mention a hidden field are left out too (the server
 * still checks them on every write).
 *
 * Errors are the platform's `{ error: { code, message } }`: 404 `not_found` (no such published
 * app), 401 `app_sign_in_required` (private or invite-only without a session; `level` says
 * which), 401 `invalid_token` (an app session that expired or was signed out).
 */

export const ViewerCaller = z.object({
  /** The builder (their own studio session), an invited end user, or an anonymous visitor. */
  kind: z.enum(['owner', 'end_user', 'visitor']),
  /** The role whose rights apply; the owner has every right. */
  roleId: z.string().nullable(),
  roleLabel: z.string().nullable(),
  /** An end user's e-mail address (to show who is signed in). */
  email: z.string().nullable(),
});
export type ViewerCaller = z.infer<typeof ViewerCaller>;

/** What the caller may do with one table's rows; `ownRowsOnly` when the role sees only its own. */
export const ViewerTableRights = z.object({
  create: z.boolean(),
  read: z.boolean(),
  update: z.boolean(),
  delete: z.boolean(),
  ownRowsOnly: z.boolean(),
});
export type ViewerTableRights = z.infer<typeof ViewerTableRights>;

export const ViewerApp = z.object({
  username: z.string(),
  slug: z.string(),
  /** The published version the pages show. */
  version: z.number().int(),
  level: z.enum(['public', 'private', 'invite_only']),
  caller: ViewerCaller,
  /** The published definition, cut down to what the caller may see (see above). */
  definition: AppDefinition,
  /** By table id, for every table in `definition`. */
  rights: z.record(z.string(), ViewerTableRights),
});
export type ViewerApp = z.infer<typeof ViewerApp>;

/** `GET /u/{username}/{slug}/aggregate/{viewId}`: a chart view's numbers, computed by the database. */
export const ChartPoint = z.object({
  /** The x-axis category (a select option id, a date `YYYY-MM-DD`, …); null for `number` and for empty values. */
  x: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  /** The series when the chart groups by a field; null otherwise. */
  group: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  /** The aggregate (count, sum, avg, min or max) of the rows in this x and group; null when no row has a value. */
  value: z.number().nullable(),
});
export type ChartPoint = z.infer<typeof ChartPoint>;

export const ChartData = z.object({
  viewId: z.string(),
  chartType: z.enum(['bar', 'line', 'pie', 'number']),
  aggregate: z.enum(['count', 'sum', 'avg', 'min', 'max']),
  /** Points in x order (then group order); at most 500. */
  points: z.array(ChartPoint),
  /** How many rows the chart's filter matched. */
  rows: z.number().int(),
});
export type ChartData = z.infer<typeof ChartData>;

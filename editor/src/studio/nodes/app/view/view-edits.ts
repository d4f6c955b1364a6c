import type { AppDefinition } from '../../../../../../schemas/definitions.ts';
import { findView, missing } from '../../../model/app-parts.ts';
import { type EditResult, edited, quoted, refused } from '../../../model/edit-result.ts';

/** The app's navigation holds at most this many views (the schema's limit). */
const MAX_NAVIGATION = 50;

/**
 * Puts a view in the app's navigation (at the end) or takes it out. A detail view shows one row
 * and is opened from a list, never from the navigation, as the validator says.
 */
export function setInNavigation(
  app: AppDefinition,
  args: { viewId: string; inNavigation: boolean },
): EditResult<AppDefinition> {
  const view = findView(app, args.viewId);
  if (!view) return refused(missing('view', args.viewId));
  const listed = app.navigation.some((item) => item.viewId === view.id);
  if (listed === args.inNavigation) return edited(app);
  if (!args.inNavigation)
    return edited({ ...app, navigation: app.navigation.filter((item) => item.viewId !== view.id) });
  if (view.kind === 'detail')
    return refused(
      `${quoted(view.label)} shows one row; people open it from a list, not from the navigation.`,
    );
  if (app.navigation.length >= MAX_NAVIGATION)
    return refused(`The navigation holds at most ${MAX_NAVIGATION} views; take one out first.`);
  return edited({ ...app, navigation: [...app.navigation, { viewId: view.id }] });
}

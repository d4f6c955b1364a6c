import { useState } from 'react';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import { useAddAppReviewer, useAppReviewers, useRemoveAppReviewer } from '../api/apps.ts';
import { useAppStore, useStudioStoreApi } from '../studio/canvas/store-context.tsx';
import type { Edit } from '../studio/model/edit-result.ts';
import { renameApp } from '../studio/model/index.ts';
import {
  addRole,
  permissionOf,
  removeRole,
  setAccessLevel,
  setDefaultRole,
  setPermission,
  setSlug,
  setThemeColor,
} from './app-settings-edits.ts';
import { EndUsersPanel } from './EndUsersPanel.tsx';
import { ReviewersPanel } from './ReviewersPanel.tsx';

const LEVELS = [
  ['private', 'Private', 'Only you'],
  ['invite_only', 'Invite only', 'People you invite, by e-mail link'],
  ['public', 'Public', 'Anyone with the address'],
] as const;
const ACTIONS = ['create', 'read', 'update', 'delete'] as const;
const input =
  'mt-1 block w-full rounded-md border border-neutral-300 px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30';

/**
 * The app as a whole, shown when no node is selected: name, address, colour, access and roles,
 * and for its owner the people invited to it and its reviewers. A reviewer (`readOnly`) sees the
 * settings as they are and changes nothing.
 */
export function AppSettingsPanel({ appId, readOnly = false }: { appId: string; readOnly?: boolean }) {
  const app = useAppStore((s) => s.definition);
  const store = useStudioStoreApi<AppDefinition>();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [newRole, setNewRole] = useState('');
  const apply = (edit: Edit<AppDefinition>, coalesceKey?: string) => {
    const result = store.getState().apply(edit, coalesceKey ? { coalesceKey } : undefined);
    setRefusal(result.ok ? null : result.reason);
  };

  return (
    <div className="space-y-6 p-3 text-sm">
      <fieldset disabled={readOnly} className="min-w-0 space-y-6">
        <legend className="sr-only">App settings{readOnly ? ' (read-only)' : ''}</legend>
        <section aria-labelledby="app-settings" className="space-y-3">
          <h3 id="app-settings" className="font-semibold text-neutral-900">
            App
          </h3>
          <label className="block">
            Name
            <input
              className={input}
              value={app.name}
              onChange={(e) => apply((d) => renameApp(d, { name: e.target.value }), 'app-name')}
            />
          </label>
          <label className="block">
            Address (/u/you/…)
            <input
              className={input}
              value={app.slug}
              onChange={(e) => apply((d) => setSlug(d, e.target.value), 'app-slug')}
            />
          </label>
          <label className="flex items-center gap-2">
            Theme colour
            <input
              type="color"
              value={app.themeColor}
              onChange={(e) => apply((d) => setThemeColor(d, e.target.value), 'app-colour')}
            />
            <span className="font-mono text-xs text-neutral-500">{app.themeColor}</span>
          </label>
          {refusal && (
            <p role="alert" className="text-red-700">
              {refusal}
            </p>
          )}
        </section>

        <section aria-labelledby="access-settings" className="space-y-3">
          <h3 id="access-settings" className="font-semibold text-neutral-900">
            Who can use it
          </h3>
          <fieldset className="space-y-1">
            <legend className="sr-only">Access level</legend>
            {LEVELS.map(([level, label, hint]) => (
              <label key={level} className="flex items-start gap-2">
                <input
                  type="radio"
                  name="access-level"
                  className="mt-1 accent-indigo-600"
                  checked={app.access.level === level}
                  onChange={() => apply((d) => setAccessLevel(d, level))}
                />
                <span>
                  {label} <span className="text-xs text-neutral-500">— {hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <label className="block">
            Default role (visitors and new invitees)
            <select
              className={input}
              value={app.access.defaultRoleId}
              onChange={(e) => apply((d) => setDefaultRole(d, e.target.value))}
            >
              {app.access.roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          {app.access.roles.map((role) => (
            <div key={role.id} className="rounded-lg border border-neutral-200 p-2">
              <div className="flex items-center justify-between">
                <span className="font-medium">{role.label}</span>
                {!readOnly && (
                  <button
                    type="button"
                    className="text-xs text-red-700 underline"
                    onClick={() => apply((d) => removeRole(d, role.id))}
                  >
                    Remove role
                  </button>
                )}
              </div>
              <table className="mt-2 w-full text-xs">
                <caption className="sr-only">What {role.label} may do</caption>
                <thead>
                  <tr className="text-neutral-500">
                    <th className="text-left font-normal">Table</th>
                    {ACTIONS.map((a) => (
                      <th key={a} className="font-normal">
                        {a}
                      </th>
                    ))}
                    <th className="font-normal">own rows</th>
                  </tr>
                </thead>
                <tbody>
                  {app.tables.map((table) => {
                    const p = permissionOf(app, role.id, table.id);
                    return (
                      <tr key={table.id}>
                        <td className="py-0.5">{table.label}</td>
                        {ACTIONS.map((a) => (
                          <td key={a} className="text-center">
                            <input
                              type="checkbox"
                              aria-label={`${role.label} may ${a} ${table.label}`}
                              checked={p[a]}
                              onChange={(e) =>
                                apply((d) =>
                                  setPermission(d, {
                                    roleId: role.id,
                                    tableId: table.id,
                                    change: { [a]: e.target.checked },
                                  }),
                                )
                              }
                            />
                          </td>
                        ))}
                        <td className="text-center">
                          <input
                            type="checkbox"
                            aria-label={`${role.label} sees only their own ${table.label}`}
                            checked={p.rowScope === 'own'}
                            onChange={(e) =>
                              apply((d) =>
                                setPermission(d, {
                                  roleId: role.id,
                                  tableId: table.id,
                                  change: { rowScope: e.target.checked ? 'own' : 'all' },
                                }),
                              )
                            }
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))}
          {!readOnly && (
            <form
              className="flex gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                apply((d) => addRole(d, newRole));
                setNewRole('');
              }}
            >
              <label className="sr-only" htmlFor="new-role">
                New role name
              </label>
              <input
                id="new-role"
                className={input}
                placeholder="New role, e.g. Editor"
                value={newRole}
                onChange={(e) => setNewRole(e.target.value)}
              />
              <button
                type="submit"
                className="mt-1 shrink-0 rounded-md border border-neutral-300 px-2 text-sm hover:bg-neutral-50"
              >
                Add role
              </button>
            </form>
          )}
        </section>
      </fieldset>

      {!readOnly && (
        <>
          <section aria-labelledby="end-user-settings">
            <h3 id="end-user-settings" className="font-semibold text-neutral-900">
              Invited people
            </h3>
            <EndUsersPanel
              appId={appId}
              level={app.access.level}
              roles={app.access.roles}
              defaultRoleId={app.access.defaultRoleId}
            />
          </section>
          <section aria-labelledby="reviewer-settings" className="space-y-2">
            <h3 id="reviewer-settings" className="font-semibold text-neutral-900">
              Reviewers
            </h3>
            <AppReviewers appId={appId} />
          </section>
        </>
      )}
    </div>
  );
}

function AppReviewers({ appId }: { appId: string }) {
  return (
    <ReviewersPanel
      noun="app"
      reviewers={useAppReviewers(appId)}
      add={useAddAppReviewer(appId)}
      remove={useRemoveAppReviewer(appId)}
    />
  );
}

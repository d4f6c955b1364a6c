import { type FormEvent, useState } from 'react';
import type { Role } from '../../../schemas/app/access.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { useEndUsers, useInviteEndUser, useRemoveEndUser } from '../api/apps.ts';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { SelectField, TextField } from '../components/FormField.tsx';
import { Skeleton } from '../components/Spinner.tsx';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

interface EndUsersPanelProps {
  appId: string;
  level: 'public' | 'private' | 'invite_only';
  roles: readonly Role[];
  defaultRoleId: string;
}

/**
 * Who may use an invite-only app: invite an e-mail with a role, see who has signed in, remove
 * someone (their sessions end at once: the data API checks on every request).
 */
export function EndUsersPanel({ appId, level, roles, defaultRoleId }: EndUsersPanelProps) {
  const list = useEndUsers(appId);
  const invite = useInviteEndUser(appId);
  const remove = useRemoveEndUser(appId);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState(defaultRoleId);
  const roleLabel = (id: string) => roles.find((r) => r.id === id)?.label ?? id;

  function onInvite(event: FormEvent) {
    event.preventDefault();
    invite.mutate({ email, role }, { onSuccess: () => setEmail('') });
  }
  const inviteError = invite.error instanceof ApiError ? invite.error : undefined;

  return (
    <div className="space-y-4 p-3 text-sm">
      {level !== 'invite_only' && (
        <p className="rounded-lg bg-neutral-50 p-3 text-neutral-700">
          This app is{' '}
          {level === 'public'
            ? 'public: anyone with its address uses it with the default role'
            : 'private: only you can open it'}
          . Invitations take effect when its access level is “invite only”.
        </p>
      )}
      <form onSubmit={onInvite} className="space-y-3" aria-label="Invite someone">
        <TextField
          label="Invite by e-mail"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={
            inviteError?.issueFor('email') ??
            (inviteError?.code === 'already_invited' ? inviteError.message : undefined)
          }
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value)}
          error={inviteError?.issueFor('role')}
        >
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </SelectField>
        {invite.error && !inviteError?.issues.length && inviteError?.code !== 'already_invited' && (
          <p role="alert" className="text-red-700">
            {errorMessage(invite.error)}
          </p>
        )}
        <Button type="submit" pending={invite.isPending}>
          Invite
        </Button>
        <p className="text-xs text-neutral-500">
          They sign in with a link sent to that address; no account needed.
        </p>
      </form>
      <div>
        <h3 className="font-medium text-neutral-900">Invited</h3>
        {list.isPending ? (
          <Skeleton className="mt-2 h-16" />
        ) : list.isError ? (
          <ErrorAlert message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <p className="mt-2 text-neutral-600">Nobody yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-neutral-100" aria-label="Invited end users">
            {list.data.map((user) => (
              <li key={user.id} className="flex items-center gap-2 py-2">
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-neutral-900">{user.email}</span>
                  <span className="text-xs text-neutral-500">
                    {roleLabel(user.role)} ·{' '}
                    {user.lastSignInAt
                      ? `last signed in ${when.format(new Date(user.lastSignInAt))}`
                      : 'not signed in yet'}
                  </span>
                </span>
                <Button
                  variant="secondary"
                  pending={remove.isPending && remove.variables === user.id}
                  onClick={() => remove.mutate(user.id)}
                  aria-label={`Remove ${user.email}`}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
        {remove.error && (
          <p role="alert" className="mt-2 text-red-700">
            {errorMessage(remove.error)}
          </p>
        )}
      </div>
    </div>
  );
}

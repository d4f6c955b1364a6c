-- Signing out of an invite-only app ends that session on the server too. App sessions are signed
-- tokens (see api/ports/app-sessions.ts), so a signed-out one would verify until it expires: each
-- sign-out records the session's id here, and the data API and the viewer refuse the session
-- from then on. A row is only needed until the session would have expired anyway; sign-outs
-- delete the rows past that.
create table public.app_session_revocations (
  -- The token's `jti` (a random UUID), or the SHA-256 of a token issued before sessions had one.
  session_id text primary key check (length(session_id) between 1 and 100),
  app_id uuid not null,
  user_id uuid not null,
  expires_at timestamptz not null,
  revoked_at timestamptz not null default now(),
  foreign key (app_id, user_id) references public.app_definitions (id, user_id) on delete cascade
);
create index app_session_revocations_expires_idx on public.app_session_revocations (expires_at);
create index app_session_revocations_app_idx on public.app_session_revocations (app_id, user_id);

-- No builder, end user or visitor reaches it: only the 'app-sign-out' service job.
-- (Supabase grants every new public table to anon and authenticated by default; take it back.)
alter table public.app_session_revocations enable row level security;
alter table public.app_session_revocations force row level security;
revoke all on public.app_session_revocations from public, anon, authenticated;
grant select, insert, delete on public.app_session_revocations to service_role;

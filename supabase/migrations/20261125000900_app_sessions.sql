-- Sign-in to invite-only apps: single-use magic links, and what an end user's app session may
-- read about itself. The session itself is a signed token (stateless); removing the end user's
-- row from app_end_users ends every session they hold at their next request.

-- Only the SHA-256 of each link's token is kept, so a copy of this table signs nobody in.
create table public.app_magic_links (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  app_id uuid not null,
  user_id uuid not null,
  end_user_id uuid not null references public.app_end_users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  foreign key (app_id, user_id) references public.app_definitions (id, user_id) on delete cascade
);
create index app_magic_links_end_user_idx on public.app_magic_links (end_user_id);

-- No builder, end user or visitor reaches the links: only the 'app-sign-in' service job.
-- (Supabase grants every new public table to anon and authenticated by default; take it back.)
alter table public.app_magic_links enable row level security;
alter table public.app_magic_links force row level security;
revoke all on public.app_magic_links from public, anon, authenticated;
grant select, insert, update, delete on public.app_magic_links to service_role;

-- An end user's session (claims: sub = their app_end_users id, app_id) reads its own row, so
-- each request can check that the builder has not removed them, and which role they have now.
create policy app_end_users_self_read on public.app_end_users for select to authenticated
  using (id = (select auth.uid()) and app_id = (select public.claimed_app_id()));

-- Builders invite and remove end users, but never choose an end user's id (it becomes the `sub`
-- of their sessions, so it must never equal a builder's id) nor stamp their sign-ins.
revoke insert, update on public.app_end_users from authenticated;
grant insert (user_id, app_id, email, role) on public.app_end_users to authenticated;
grant update (role) on public.app_end_users to authenticated;

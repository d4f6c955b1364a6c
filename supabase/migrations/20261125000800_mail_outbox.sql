-- Mail the platform sends for builders' apps (magic links, automation e-mails). Embedded mode
-- keeps it here, and the builder reads it at /app/outbox; a hosted mail adapter would also send it.

create table public.mail_outbox (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  app_id uuid,
  channel text not null default 'email' check (channel in ('email', 'in_app')),
  to_address text not null check (length(to_address) between 1 and 320),
  subject text not null check (length(subject) <= 300),
  body text not null check (length(body) <= 20000),
  /** What sent it: magic_link, automation:<id>. */
  source text not null,
  created_at timestamptz not null default now(),
  foreign key (app_id, user_id) references public.app_definitions (id, user_id) on delete cascade
);
create index mail_outbox_user_idx on public.mail_outbox (user_id, created_at desc);

alter table public.mail_outbox enable row level security;
alter table public.mail_outbox force row level security;
grant select, delete on public.mail_outbox to authenticated;
grant select, insert, update, delete on public.mail_outbox to service_role;
create policy mail_outbox_owner on public.mail_outbox for all to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

-- Autonumber fields of published apps: one counter per app, table and field, holding the last
-- number handed out. An insert takes its numbers with one upsert of the counter row in its own
-- transaction (api/store/autonumbers.ts), so concurrent inserts take turns on the row, a
-- rolled-back insert gives its numbers back, and a deleted row's number is never handed out again.
create table public.app_autonumbers (
  app_id uuid not null,
  -- The app's builder, whoever inserts the row (as in app_data).
  user_id uuid not null,
  table_id text not null check (length(table_id) between 1 and 64),
  field_id text not null check (length(field_id) between 1 and 64),
  last_value bigint not null check (last_value >= 0),
  primary key (app_id, table_id, field_id),
  foreign key (app_id, user_id) references public.app_definitions (id, user_id) on delete cascade
);

-- Whoever may insert rows into an app's data may move its counters, as with app_data: the builder
-- their own apps'; an end user or a visitor (of a public app) the app their claims name. Nobody
-- deletes or renumbers one (only the counter column can be updated); the app's deletion does.
alter table public.app_autonumbers enable row level security;
alter table public.app_autonumbers force row level security;
revoke all on public.app_autonumbers from public, anon, authenticated;
grant select, insert on public.app_autonumbers to anon, authenticated;
grant update (last_value) on public.app_autonumbers to anon, authenticated;
grant select, insert, update, delete on public.app_autonumbers to service_role;

create policy app_autonumbers_owner_read on public.app_autonumbers for select to authenticated
  using (user_id = (select auth.uid()));
create policy app_autonumbers_owner_insert on public.app_autonumbers for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy app_autonumbers_owner_update on public.app_autonumbers for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

create policy app_autonumbers_end_user_read on public.app_autonumbers for select to authenticated
  using (app_id = (select public.claimed_app_id()));
create policy app_autonumbers_end_user_insert on public.app_autonumbers for insert to authenticated
  with check (app_id = (select public.claimed_app_id()));
create policy app_autonumbers_end_user_update on public.app_autonumbers for update to authenticated
  using (app_id = (select public.claimed_app_id())) with check (app_id = (select public.claimed_app_id()));

create policy app_autonumbers_visitor_read on public.app_autonumbers for select to anon
  using (app_id = (select public.claimed_app_id()) and (select public.app_is_public((select public.claimed_app_id()))));
create policy app_autonumbers_visitor_insert on public.app_autonumbers for insert to anon
  with check (app_id = (select public.claimed_app_id()) and (select public.app_is_public((select public.claimed_app_id()))));
create policy app_autonumbers_visitor_update on public.app_autonumbers for update to anon
  using (app_id = (select public.claimed_app_id()) and (select public.app_is_public((select public.claimed_app_id()))))
  with check (app_id = (select public.claimed_app_id()));

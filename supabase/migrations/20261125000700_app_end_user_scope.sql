-- End users of published apps reach app_data only within the app their session is for. Their
-- claims carry the app: an end user (invite-only or private apps) has role authenticated and
-- `app_id` in the claims; a visitor of a public app has role anon and `app_id`. Which tables,
-- rows and fields a role may touch is decided by the component runtime from the definition;
-- this is the backstop that keeps one app's end users out of every other app's rows.

create function public.claimed_app_id() returns uuid
language sql stable
as $$
  select nullif(coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb ->> 'app_id', '')::uuid
$$;

grant execute on function public.claimed_app_id() to anon, authenticated;

-- Read by its own definer: anon may not see app_access or app_definitions themselves.
create function public.app_is_public(p_app_id uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.app_access a join public.app_definitions d on d.id = a.app_id
    where a.app_id = p_app_id and a.level = 'public' and d.published_version is not null
  )
$$;

revoke all on function public.app_is_public(uuid) from public;
grant execute on function public.app_is_public(uuid) to anon;

create policy app_data_end_user_read on public.app_data for select to authenticated
  using (app_id = (select public.claimed_app_id()));
create policy app_data_end_user_insert on public.app_data for insert to authenticated
  with check (app_id = (select public.claimed_app_id()) and end_user_id = (select auth.uid()));
create policy app_data_end_user_update on public.app_data for update to authenticated
  using (app_id = (select public.claimed_app_id()))
  with check (app_id = (select public.claimed_app_id()));
create policy app_data_end_user_delete on public.app_data for delete to authenticated
  using (app_id = (select public.claimed_app_id()));

create policy app_data_visitor_read on public.app_data for select to anon
  using (app_id = (select public.claimed_app_id()) and (select public.app_is_public((select public.claimed_app_id()))));
create policy app_data_visitor_insert on public.app_data for insert to anon
  with check (app_id = (select public.claimed_app_id()) and end_user_id is null and (select public.app_is_public((select public.claimed_app_id()))));
create policy app_data_visitor_update on public.app_data for update to anon
  using (app_id = (select public.claimed_app_id()) and (select public.app_is_public((select public.claimed_app_id()))))
  with check (app_id = (select public.claimed_app_id()));
create policy app_data_visitor_delete on public.app_data for delete to anon
  using (app_id = (select public.claimed_app_id()) and (select public.app_is_public((select public.claimed_app_id()))));

grant select, insert, delete on public.app_data to anon;
grant update (data, updated_at) on public.app_data to anon;

-- Publishing apps under the plan's limits: published apps per builder, rows per app.

alter table public.app_definitions add column row_count integer not null default 0;

-- A builder publishing one more app than the plan allows: SQLSTATE BPL01 'published_apps'.
create function public.enforce_published_apps_limit() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_max integer;
  v_plan text;
  v_current integer;
begin
  if new.published_version is null or old.published_version is not null then
    return new;
  end if;
  perform pg_advisory_xact_lock(hashtextextended('published_apps:' || new.user_id::text, 0));
  select p.published_apps, p.id into v_max, v_plan
    from public.profiles pr join public.plans p on p.id = pr.plan where pr.id = new.user_id;
  select count(*) into v_current from public.app_definitions
    where user_id = new.user_id and published_version is not null and id <> new.id;
  if v_max is not null and v_current >= v_max then
    raise exception using
      errcode = 'BPL01',
      message = 'published_apps',
      detail = json_build_object('max', v_max, 'current', v_current, 'plan', v_plan)::text;
  end if;
  return new;
end
$$;

create trigger app_definitions_published_limit
  before update of published_version on public.app_definitions
  for each row execute function public.enforce_published_apps_limit();

-- Rows per app: a counter on the app, kept by triggers, so a check costs one row lock rather
-- than a count over the app's rows. SQLSTATE BPL01 'rows_per_app' when an insert would pass it.
create function public.count_app_rows() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_count integer;
  v_max integer;
  v_plan text;
begin
  if tg_op = 'DELETE' then
    update public.app_definitions set row_count = row_count - 1 where id = old.app_id;
    return old;
  end if;
  update public.app_definitions set row_count = row_count + 1 where id = new.app_id
    returning row_count into v_count;
  select p.rows_per_app, p.id into v_max, v_plan
    from public.app_definitions a
    join public.profiles pr on pr.id = a.user_id
    join public.plans p on p.id = pr.plan
    where a.id = new.app_id;
  if v_max is not null and v_count > v_max then
    raise exception using
      errcode = 'BPL01',
      message = 'rows_per_app',
      detail = json_build_object('max', v_max, 'current', v_count - 1, 'plan', v_plan)::text;
  end if;
  return new;
end
$$;

create trigger app_data_count_rows
  after insert or delete on public.app_data
  for each row execute function public.count_app_rows();

-- What a builder may change directly (Supabase exposes these tables through its REST API too):
-- names and drafts, never what was reviewed. Publishing sets published_version as the
-- 'app-publisher' service job after the security review passed, and saved versions never change.
revoke update on public.app_definitions from authenticated;
grant update (name, slug, feature_id, current_version, updated_at) on public.app_definitions to authenticated;
revoke update, delete on public.definition_versions from authenticated;
revoke update on public.app_data from authenticated;
grant update (data, updated_at) on public.app_data to authenticated;

-- Files uploaded to published apps' attachment fields. The bytes live in the blob port under
-- `{user_id}/apps/{app_id}/{random}`; this table says what each blob is and where it may be
-- used: a row's attachment may only name a file uploaded to that app, table and field.

create table public.app_files (
  key text primary key,
  user_id uuid not null,
  app_id uuid not null,
  table_id text not null check (length(table_id) between 1 and 64),
  field_id text not null check (length(field_id) between 1 and 64),
  name text not null check (length(name) between 1 and 255),
  content_type text not null check (length(content_type) between 3 and 255),
  size_bytes bigint not null check (size_bytes >= 0),
  -- Who uploaded it: an end user of the app, or null for the builder and public visitors.
  end_user_id uuid,
  created_at timestamptz not null default now(),
  -- Everything of a builder under their id: a key can only name a blob of this very app.
  check (key ~ '^[0-9a-f-]{36}/apps/[0-9a-f-]{36}/[A-Za-z0-9_-]{16,64}$'),
  check (starts_with(key, user_id::text || '/apps/' || app_id::text || '/')),
  foreign key (app_id, user_id) references public.app_definitions (id, user_id) on delete cascade
);
create index app_files_app_idx on public.app_files (app_id, table_id, field_id);
create index app_files_user_idx on public.app_files (user_id);

-- What a builder stores, against the plan's artifact_bytes: the pipeline's artifacts and the
-- files uploaded to their apps, whoever uploaded them.
create function public.builder_stored_bytes(p_user_id uuid) returns bigint
language sql stable security definer set search_path = ''
as $$
  select coalesce((select sum(size_bytes) from public.artifacts where user_id = p_user_id), 0)::bigint
       + coalesce((select sum(size_bytes) from public.app_files where user_id = p_user_id), 0)::bigint
$$;
revoke all on function public.builder_stored_bytes(uuid) from public, anon, authenticated;
-- The platform owner's usage page (the 'platform-admin' job) may show the same total.
grant execute on function public.builder_stored_bytes(uuid) to service_role;

-- The app's builder's storage limit and use, for the person uploading to that app (its builder,
-- or an end user or visitor whose claims name the app), so an upload that cannot fit is refused
-- before its bytes are read. Anyone else gets no row. The sub is read without auth.uid(): a
-- visitor's claims carry an empty sub, which is no uuid.
create function public.app_file_quota(p_app_id uuid)
returns table (max_bytes bigint, used_bytes bigint, plan text)
language sql stable security definer set search_path = ''
as $$
  select p.artifact_bytes, public.builder_stored_bytes(d.user_id), p.id
  from public.app_definitions d
  join public.profiles pr on pr.id = d.user_id
  join public.plans p on p.id = pr.plan
  where d.id = p_app_id
    and (p_app_id = public.claimed_app_id()
      or d.user_id::text = coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb ->> 'sub')
$$;
revoke all on function public.app_file_quota(uuid) from public;
grant execute on function public.app_file_quota(uuid) to anon, authenticated;

-- The same limit, enforced where it cannot be raced: one upload at a time per builder takes the
-- lock, then counts. SQLSTATE BPL01 'artifact_bytes' when the file would pass it.
create function public.enforce_artifact_bytes_limit() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_max bigint;
  v_plan text;
  v_used bigint;
begin
  perform pg_advisory_xact_lock(hashtextextended('artifact_bytes:' || new.user_id::text, 0));
  select p.artifact_bytes, p.id into v_max, v_plan
    from public.profiles pr join public.plans p on p.id = pr.plan where pr.id = new.user_id;
  v_used := public.builder_stored_bytes(new.user_id);
  if v_max is not null and v_used + new.size_bytes > v_max then
    raise exception using
      errcode = 'BPL01',
      message = 'artifact_bytes',
      detail = json_build_object('max', v_max, 'current', v_used, 'plan', v_plan)::text;
  end if;
  return new;
end
$$;

create trigger app_files_artifact_bytes_limit
  before insert on public.app_files
  for each row execute function public.enforce_artifact_bytes_limit();

-- Who reaches the records: the builder their own apps'; an end user or a visitor (of a public
-- app) the app their claims name, as with app_data. Nobody changes one once made (its size
-- counts against the limit, its type is what downloads are served as); removing files and their
-- blobs is left to a later cleanup job, so nobody but the service role deletes them either.
alter table public.app_files enable row level security;
alter table public.app_files force row level security;
revoke all on public.app_files from public, anon, authenticated;
grant select, insert on public.app_files to anon, authenticated;
grant select, insert, update, delete on public.app_files to service_role;

create policy app_files_owner_read on public.app_files for select to authenticated
  using (user_id = (select auth.uid()));
create policy app_files_owner_insert on public.app_files for insert to authenticated
  with check (user_id = (select auth.uid()) and end_user_id is null);

create policy app_files_end_user_read on public.app_files for select to authenticated
  using (app_id = (select public.claimed_app_id()));
create policy app_files_end_user_insert on public.app_files for insert to authenticated
  with check (app_id = (select public.claimed_app_id()) and end_user_id = (select auth.uid()));

create policy app_files_visitor_read on public.app_files for select to anon
  using (app_id = (select public.claimed_app_id()) and (select public.app_is_public((select public.claimed_app_id()))));
create policy app_files_visitor_insert on public.app_files for insert to anon
  with check (app_id = (select public.claimed_app_id()) and end_user_id is null
    and (select public.app_is_public((select public.claimed_app_id()))));

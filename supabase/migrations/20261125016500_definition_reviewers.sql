-- Reviewers (issue #5): a builder lets other builders read one app's or workflow's versions and
-- diffs, never change them. A reviewer row belongs to the definition's owner (user_id): the
-- composite foreign keys make it equal the definition's own user_id, so nobody can hang a
-- reviewer (themselves, say) under another builder's app or workflow.

create table public.definition_reviewers (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  -- Only builders review: an end user of an app has no profile.
  reviewer_id uuid not null references public.profiles (id) on delete cascade,
  app_id uuid,
  workflow_id uuid,
  created_at timestamptz not null default now(),
  constraint definition_reviewers_one_definition check ((app_id is null) <> (workflow_id is null)),
  constraint definition_reviewers_not_owner check (reviewer_id <> user_id),
  constraint definition_reviewers_app_once unique (app_id, reviewer_id),
  constraint definition_reviewers_workflow_once unique (workflow_id, reviewer_id),
  foreign key (app_id, user_id) references public.app_definitions (id, user_id) on delete cascade,
  foreign key (workflow_id, user_id) references public.workflow_definitions (id, user_id) on delete cascade
);
create index definition_reviewers_reviewer_idx on public.definition_reviewers (reviewer_id);

-- The owner adds and removes reviewers (naming only who and what: user_id is always theirs) and
-- lists them; a reviewer sees their own rows, which is how the policies below find what they
-- may read. These policies look at no other table, so the definitions' policies may look here.
alter table public.definition_reviewers enable row level security;
alter table public.definition_reviewers force row level security;
revoke all on public.definition_reviewers from public, anon, authenticated;
grant select, delete on public.definition_reviewers to authenticated;
grant insert (reviewer_id, app_id, workflow_id) on public.definition_reviewers to authenticated;
grant select, insert, update, delete on public.definition_reviewers to service_role;

create policy definition_reviewers_owner on public.definition_reviewers for all to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy definition_reviewers_self_read on public.definition_reviewers for select to authenticated
  using (reviewer_id = (select auth.uid()));

-- A reviewer reads the definition and its versions. Select only: updates, deletes and inserts
-- stay under the owner policies (and `select … for update`, which saving a draft starts with,
-- also needs the update policy, so a reviewer's save finds nothing to save). App data, access,
-- end users, runs and state are not extended: a reviewer reads none of them.
create policy app_definitions_reviewer_read on public.app_definitions for select to authenticated
  using (id in (
    select r.app_id from public.definition_reviewers r
    where r.reviewer_id = (select auth.uid()) and r.app_id is not null
  ));
create policy workflow_definitions_reviewer_read on public.workflow_definitions for select to authenticated
  using (id in (
    select r.workflow_id from public.definition_reviewers r
    where r.reviewer_id = (select auth.uid()) and r.workflow_id is not null
  ));
create policy definition_versions_reviewer_read on public.definition_versions for select to authenticated
  using (
    app_id in (
      select r.app_id from public.definition_reviewers r
      where r.reviewer_id = (select auth.uid()) and r.app_id is not null
    )
    or workflow_id in (
      select r.workflow_id from public.definition_reviewers r
      where r.reviewer_id = (select auth.uid()) and r.workflow_id is not null
    )
  );

-- Profiles stay private (each builder reads only their own). Adding a reviewer needs the id a
-- username names; nothing else about that builder is given, and a username nobody has gives null.
create function public.reviewer_id_for(p_username text) returns uuid
language sql stable security definer set search_path = ''
as $$
  select pr.id from public.profiles pr where pr.username = lower(p_username)
$$;

-- The username of a builder the caller shares a definition with (a reviewer of theirs, or the
-- owner of one they review), or their own; null for anyone else.
create function public.collaborator_username(p_user_id uuid) returns text
language sql stable security definer set search_path = ''
as $$
  select pr.username from public.profiles pr
  where pr.id = p_user_id and (
    pr.id = auth.uid()
    or exists (
      select 1 from public.definition_reviewers r
      where (r.user_id = auth.uid() and r.reviewer_id = pr.id)
         or (r.reviewer_id = auth.uid() and r.user_id = pr.id)
    )
  )
$$;

revoke all on function public.reviewer_id_for(text) from public;
revoke all on function public.collaborator_username(uuid) from public;
grant execute on function public.reviewer_id_for(text) to authenticated;
grant execute on function public.collaborator_username(uuid) to authenticated;

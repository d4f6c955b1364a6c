-- Creating an app: a builder names it and gives it a slug; nothing else. The row-level security
-- migration granted every column on insert, so through Supabase's REST API a builder could have
-- inserted an app already "published" (published_version, published_at, access_level) and then
-- its version 1 without any review, or started with a negative row_count to get past the plan's
-- row limit. Updates were already narrowed (app_publishing); inserts now are too.
revoke insert on public.app_definitions from authenticated;
grant insert (name, slug, feature_id) on public.app_definitions to authenticated;

-- Who may reach a published app (app_access.level) is likewise set only by publishing, after the
-- review: a builder could otherwise have turned a reviewed private app public with one UPDATE, or
-- deleted its row and inserted it again as public. A new app's row is created with its id only
-- (level 'private' until a version is published).
revoke insert, update, delete on public.app_access from authenticated;
grant insert (app_id) on public.app_access to authenticated;

-- Workflow drafts: what a builder may write directly (Supabase exposes these tables through its
-- REST API too, not only through /api/workflows). The row-level security migration granted every
-- column, so a builder could have set `status = 'active'` and `active_version` themselves and had
-- a version run on triggers without the security review that activation runs first. As for apps:
-- names and drafts are the builder's; what is active is set only by the activation job.

revoke insert, update on public.workflow_definitions from authenticated;
grant insert (name, feature_id) on public.workflow_definitions to authenticated;
grant update (name, feature_id, current_version, updated_at) on public.workflow_definitions to authenticated;

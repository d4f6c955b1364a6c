-- Each saved version carries the one line its history entry shows ("Added field "Due" to table
-- "Tasks" (+2 more)"), computed once when it is saved rather than by diffing every pair of
-- versions whenever the history is listed. Older versions have none.
alter table public.definition_versions add column summary text check (length(summary) <= 300);

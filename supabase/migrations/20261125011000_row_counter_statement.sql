-- Rows per app, counted once per statement instead of once per row. The per-row trigger
-- updated the app's row_count for every inserted row; inside one transaction each update leaves
-- a new version of the same app_definitions row behind, so a bulk insert slowed down as it went
-- (~700 rows/s by 20,000 rows on PGlite). With transition tables one update per app and statement
-- does the same, and the limit stays exact: the update locks the app's row, so concurrent
-- inserts into one app take turns and each sees the count the other left.
--
-- The insert trigger keeps the old name, app_data_count_rows (the benchmark disables it by name
-- while it loads rows).

drop trigger app_data_count_rows on public.app_data;
drop function public.count_app_rows();

-- SQLSTATE BPL01 'rows_per_app' when the statement would take the app past its plan's limit:
-- the whole statement fails (a bulk insert stores nothing), and `current` is the count before it.
create function public.count_inserted_app_rows() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_app record;
  v_count integer;
  v_max integer;
  v_plan text;
begin
  -- Apps in id order, so two statements that touch the same apps lock them in the same order.
  for v_app in
    select app_id, count(*)::integer as added from new_rows group by app_id order by app_id
  loop
    update public.app_definitions set row_count = row_count + v_app.added where id = v_app.app_id
      returning row_count into v_count;
    select p.rows_per_app, p.id into v_max, v_plan
      from public.app_definitions a
      join public.profiles pr on pr.id = a.user_id
      join public.plans p on p.id = pr.plan
      where a.id = v_app.app_id;
    if v_max is not null and v_count > v_max then
      raise exception using
        errcode = 'BPL01',
        message = 'rows_per_app',
        detail = json_build_object('max', v_max, 'current', v_count - v_app.added, 'plan', v_plan)::text;
    end if;
  end loop;
  return null;
end
$$;

create function public.count_deleted_app_rows() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.app_definitions a set row_count = a.row_count - d.removed
    from (select app_id, count(*)::integer as removed from old_rows group by app_id) d
    where a.id = d.app_id;
  return null;
end
$$;

create trigger app_data_count_rows
  after insert on public.app_data
  referencing new table as new_rows
  for each statement execute function public.count_inserted_app_rows();

create trigger app_data_count_deleted_rows
  after delete on public.app_data
  referencing old table as old_rows
  for each statement execute function public.count_deleted_app_rows();

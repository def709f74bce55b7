-- A deleted account keeps its row (an anonymous record that decisions
-- happened) with every personal field erased.
alter table users add column deleted_at bigint;

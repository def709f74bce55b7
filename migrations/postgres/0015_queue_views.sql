-- The review queue sorts by due date or submission time, either way, over
-- one status or all of them: each order has an index to walk.
create index applications_queue_by_submission on applications (status, submitted_at, id);
create index applications_by_due on applications (due_at, id);
create index applications_by_submission on applications (submitted_at, id);

-- A reviewer may ask for changes instead of rejecting: the submission ends as
-- 'changes_requested' and a draft with every answer continues it.
alter table applications drop constraint applications_status_check;
alter table applications add constraint applications_status_check
    check (status in ('draft', 'in_review', 'approved', 'rejected', 'withdrawn', 'changes_requested'));

-- The count of the window before the current one, so that a limit weighs
-- the attempts of the last full window length (a sliding window): with
-- fixed windows alone, attempts timed around a window's edge got twice the
-- limit.
alter table rate_limits add column previous_hits bigint not null default 0;

-- One account has one line of applications: the first one, then each new
-- attempt linked to the submission before it (New Application after a
-- rejection, or a withdrawal). A second first application, or two attempts
-- following the same submission, cannot exist.
create unique index applications_one_first_per_user on applications (user_id) where previous_id is null;
create unique index applications_one_successor on applications (previous_id);

-- Changing a password from the terminal (and later from the account page)
-- ends every session that started before it.
alter table users add column sessions_valid_after bigint not null default 0;

-- A reviewer may ask for changes instead of rejecting: the submission ends as
-- 'changes_requested' and a draft with every answer continues it. SQLite
-- cannot alter a check constraint, so the table is rebuilt with the same
-- columns, rows and indexes, as SQLite documents it: migrations run with
-- foreign keys off and are checked with foreign_key_check after (Db::migrate).

create table applications_rebuilt (
    id               integer primary key autoincrement,
    user_id          bigint not null references users (id),
    status           text not null default 'draft'
                     check (status in ('draft', 'in_review', 'approved', 'rejected', 'withdrawn', 'changes_requested')),
    version          bigint not null default 1,
    step             text not null default 'role' check (step in ('role', 'details', 'review')),
    role             text,
    company_name     text not null default '',
    country          text not null default '',
    address          text not null default '',
    website          text not null default '',
    contact_number   text not null default '',
    contact_email    text not null default '',
    logo_id          text references logos (id),
    logo_color       integer not null,
    previous_id      bigint references applications (id),
    submitted_at     bigint,
    due_at           bigint,
    created_at       bigint not null,
    updated_at       bigint not null,
    assigned_to      bigint references users (id),
    assigned_at      bigint,
    decided_by       bigint references users (id),
    decided_at       bigint,
    rejection_reason text,
    flagged_fields   text not null default ''
);
insert into applications_rebuilt (id, user_id, status, version, step, role, company_name, country,
    address, website, contact_number, contact_email, logo_id, logo_color, previous_id, submitted_at,
    due_at, created_at, updated_at, assigned_to, assigned_at, decided_by, decided_at,
    rejection_reason, flagged_fields)
select id, user_id, status, version, step, role, company_name, country, address, website,
    contact_number, contact_email, logo_id, logo_color, previous_id, submitted_at, due_at,
    created_at, updated_at, assigned_to, assigned_at, decided_by, decided_at, rejection_reason,
    flagged_fields
from applications;
drop table applications;
alter table applications_rebuilt rename to applications;

create unique index applications_one_open on applications (user_id) where status in ('draft', 'in_review');
create index applications_by_user on applications (user_id, id);
create index applications_queue on applications (status, due_at, id);
create unique index applications_one_first_per_user on applications (user_id) where previous_id is null;
create unique index applications_one_successor on applications (previous_id);
create index applications_queue_by_submission on applications (status, submitted_at, id);
create index applications_by_due on applications (due_at, id);
create index applications_by_submission on applications (submitted_at, id);

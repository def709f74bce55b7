-- Uploaded logos, already re-encoded as 256×256 PNG; ids are random and unguessable.
create table logos (
    id         text primary key,
    user_id    bigint not null references users (id),
    png        bytea not null,
    created_at bigint not null
);

-- One row per application: a draft, then a submission (in review, approved,
-- rejected or withdrawn). A new attempt after a rejection or withdrawal is a
-- new row pointing at the one before.
create table applications (
    id               bigint generated always as identity primary key,
    user_id          bigint not null references users (id),
    status           text not null default 'draft'
                     check (status in ('draft', 'in_review', 'approved', 'rejected', 'withdrawn')),
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
    updated_at       bigint not null
);
-- At most one open application (draft or in review) per merchant.
create unique index applications_one_open on applications (user_id) where status in ('draft', 'in_review');
create index applications_by_user on applications (user_id, id);

-- What happened to an application, by whom, when.
create table application_events (
    id             bigint generated always as identity primary key,
    application_id bigint not null references applications (id),
    actor_id       bigint references users (id),
    kind           text not null,
    detail         text not null default '',
    created_at     bigint not null
);
create index application_events_by_application on application_events (application_id, id);

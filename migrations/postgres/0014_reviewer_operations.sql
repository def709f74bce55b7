-- Reviewer operations: a reviewer disabled from the command line cannot log
-- in (their sessions end when it happens), and reviewers keep internal notes
-- on an application, never shown to or exported for the merchant.
alter table users add column disabled_at bigint;

create table application_notes (
    id             bigint generated always as identity primary key,
    application_id bigint not null references applications (id),
    author_id      bigint not null references users (id),
    body           text not null,
    created_at     bigint not null
);
create index application_notes_by_application on application_notes (application_id, id);

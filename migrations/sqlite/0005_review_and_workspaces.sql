-- Review: who holds an application, and the one decision it gets.
alter table applications add column assigned_to bigint references users (id);
alter table applications add column assigned_at bigint;
alter table applications add column decided_by bigint references users (id);
alter table applications add column decided_at bigint;
alter table applications add column rejection_reason text;
-- Comma-separated field names the reviewer flagged (e.g. "company_name,website").
alter table applications add column flagged_fields text not null default '';

-- The queue: filter by status, oldest due first, keyset-paginated on (due_at, id).
create index applications_queue on applications (status, due_at, id);

-- Durable background work (workspace provisioning), claimed like the outbox.
create table jobs (
    id              integer primary key autoincrement,
    kind            text not null,
    application_id  bigint not null references applications (id),
    status          text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
    attempts        integer not null default 0,
    next_attempt_at bigint not null,
    locked_until    bigint,
    last_error      text,
    created_at      bigint not null,
    finished_at     bigint
);
create index jobs_due on jobs (status, next_attempt_at);

create table workspaces (
    id             integer primary key autoincrement,
    application_id bigint not null unique references applications (id),
    name           text not null,
    logo_id        text references logos (id),
    logo_color     integer not null,
    created_at     bigint not null
);

create table workspace_members (
    workspace_id bigint not null references workspaces (id),
    user_id      bigint not null references users (id),
    role         text not null check (role in ('owner', 'member')),
    created_at   bigint not null,
    primary key (workspace_id, user_id)
);

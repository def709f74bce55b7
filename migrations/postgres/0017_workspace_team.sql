-- The workspace team: Owners invite people by email with a single-use link
-- (only the SHA-256 of its token is kept), and every change to the team is
-- recorded with who made it and when.
create table workspace_invitations (
    id           bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces (id),
    email        text not null,
    role         text not null check (role in ('owner', 'member')),
    token_hash   text not null unique,
    invited_by   bigint not null references users (id),
    created_at   bigint not null,
    sent_at      bigint not null,
    expires_at   bigint not null,
    -- Set once: used (by accepted_by), or revoked.
    accepted_at  bigint,
    accepted_by  bigint references users (id),
    revoked_at   bigint
);
create index workspace_invitations_by_workspace on workspace_invitations (workspace_id, id);

create table workspace_events (
    id              bigint generated always as identity primary key,
    workspace_id    bigint not null references workspaces (id),
    -- Who made the change (the person themselves when they join or leave).
    actor_id        bigint not null references users (id),
    kind            text not null,
    -- Whom it concerns: an account, or an invited address not yet one.
    subject_user_id bigint references users (id),
    subject_email   text not null default '',
    role            text,
    created_at      bigint not null
);
create index workspace_events_by_workspace on workspace_events (workspace_id, id);
create index workspace_events_by_subject on workspace_events (subject_user_id, id);
create index workspace_members_by_user on workspace_members (user_id);

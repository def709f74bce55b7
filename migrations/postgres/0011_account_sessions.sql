-- Each login session of an account, beside the session store's opaque
-- records: what the account page lists as devices, and what ends when the
-- account logs out its other sessions. The session record holds `id`; a
-- session whose row is gone has ended.
create table account_sessions (
    id          text primary key,
    user_id     bigint not null references users (id) on delete cascade,
    epoch       bigint not null,
    user_agent  text not null,
    client_addr text not null,
    created_at  bigint not null,
    seen_at     bigint not null
);
create index account_sessions_by_user on account_sessions (user_id, seen_at);

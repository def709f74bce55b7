-- Forgot password: one live reset link per account (a newer one replaces
-- it), stored only as a SHA-256 of its 256-bit token, single use, 30 minutes.
create table password_resets (
    user_id    bigint primary key references users (id) on delete cascade,
    token_hash text not null unique,
    created_at bigint not null,
    expires_at bigint not null
);
-- Every session carries the epoch it began in; raising it ends them all at
-- once (a reset or changed password) without ending the one begun after.
alter table users add column session_epoch bigint not null default 0;

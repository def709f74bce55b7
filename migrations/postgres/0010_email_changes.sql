-- Changing the account's email: the new address proves itself with a code
-- (the signup code rules); nothing changes until it does.
create table email_changes (
    user_id    bigint primary key references users (id) on delete cascade,
    new_email  text not null,
    code_hash  text not null,
    attempts   integer not null default 0,
    created_at bigint not null,
    expires_at bigint not null
);

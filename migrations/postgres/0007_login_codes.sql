-- Step-up login: while one account is under attack from many addresses, the
-- right password alone is not enough; a code mailed to the owner is needed
-- too. One live code per account, stored as a salted SHA-256.
create table login_codes (
    user_id    bigint primary key references users (id) on delete cascade,
    code_hash  text not null,
    attempts   integer not null default 0,
    created_at bigint not null,
    expires_at bigint not null
);

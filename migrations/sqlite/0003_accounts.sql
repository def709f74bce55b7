-- Signup codes: one live code per email, stored as a salted SHA-256.
create table verification_codes (
    email      text primary key,
    code_hash  text not null,
    attempts   integer not null default 0,
    created_at bigint not null,
    expires_at bigint not null
);

-- Fixed-window counters shared by every instance (per IP and per email).
create table rate_limits (
    key          text primary key,
    window_start bigint not null,
    hits         bigint not null
);

-- Mail is written here in the same transaction as the event, then delivered by a worker.
create table outbox (
    id              integer primary key autoincrement,
    recipient       text not null,
    subject         text not null,
    text_body       text not null,
    html_body       text not null,
    status          text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'dead')),
    attempts        integer not null default 0,
    next_attempt_at bigint not null,
    locked_until    bigint,
    last_error      text,
    created_at      bigint not null,
    sent_at         bigint
);
create index outbox_due on outbox (status, next_attempt_at);

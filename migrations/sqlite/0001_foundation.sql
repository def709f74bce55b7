-- Times are Unix seconds (i64) so one set of queries works on SQLite and PostgreSQL.
create table terms_versions (
    version      text primary key,
    title        text not null,
    body         text not null,
    published_at bigint not null,
    created_at   bigint not null
);

create table users (
    id              integer primary key autoincrement,
    email           text not null unique,
    password_hash   text not null,
    role            text not null check (role in ('merchant', 'reviewer')),
    tos_version     text references terms_versions (version),
    tos_accepted_at bigint,
    tos_ip          text,
    tos_user_agent  text,
    created_at      bigint not null,
    updated_at      bigint not null
);

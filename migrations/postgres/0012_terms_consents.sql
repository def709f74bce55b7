-- Every acceptance of a Terms of Service version, kept as proof of consent
-- (users.tos_* holds the one in force). Publishing new terms asks each
-- merchant to accept them at their next login, adding a row here.
create table terms_consents (
    user_id     bigint not null references users (id) on delete cascade,
    version     text not null references terms_versions (version),
    accepted_at bigint not null,
    ip          text,
    user_agent  text,
    primary key (user_id, version)
);

insert into terms_consents (user_id, version, accepted_at, ip, user_agent)
select id, tos_version, tos_accepted_at, tos_ip, tos_user_agent
from users
where tos_version is not null and tos_accepted_at is not null and deleted_at is null;

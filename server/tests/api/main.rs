//! Integration tests of the real server, each run against SQLite and PostgreSQL.
//! PostgreSQL tests need `TEST_POSTGRES_URL` (scripts/test starts a throwaway
//! cluster and sets it); with `REQUIRE_POSTGRES=1` a missing server is a failure.

mod helpers;

mod access;
mod accounts;
mod applications;
mod binary;
mod devices;
mod foundation;
mod hostile;
mod languages;
mod logos;
mod observability;
mod outbox;
mod own_account;
mod password_reset;
mod plain_forms;
mod process;
mod public_pages;
mod queue_scale;
mod reliability;
mod review;
mod review_team;
mod team;
mod terms;

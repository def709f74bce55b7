//! Server functions: thin wrappers that get state, check the user, call the
//! backend and map errors. URLs are pinned so tests can call them directly.

pub mod account;
pub mod application;
pub mod auth;
pub mod review;
pub mod team;
pub mod terms;
pub mod workspace;

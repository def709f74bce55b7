//! What the browser and the server exchange: the shapes server functions
//! take and return. Plain data built from domain values; no behaviour that
//! needs a database, so pages, server functions and the backend all share it.

pub mod account;
pub mod application;
pub mod flash;
pub mod metrics;
pub mod operations;
pub mod queue;
pub mod review;
pub mod terms;
pub mod workspace;

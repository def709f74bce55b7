//! The onboarding portal's server: configuration, HTTP stack, workers and
//! the operator's command line. `main.rs` only wires these together.

pub mod account_data;
pub mod api_errors;
pub mod body_limit;
pub mod cli;
pub mod config;
pub mod health;
pub mod jobs;
pub mod language;
pub mod logos;
pub mod mail;
pub mod memory;
pub mod middleware;
pub mod observability;
pub mod page_cache;
pub mod plain_forms;
pub mod queue_csv;
pub mod startup;
pub mod static_files;
pub mod telemetry;
pub mod worker;

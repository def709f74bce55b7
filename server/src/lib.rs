//! The onboarding portal's server: configuration, HTTP stack, workers and
//! the operator's command line. `main.rs` only wires these together.

pub mod cli;
pub mod config;
pub mod health;
pub mod startup;
pub mod telemetry;

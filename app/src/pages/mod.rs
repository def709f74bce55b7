//! One module per route.

pub mod account;
pub mod admin;
pub mod apply;
pub mod error;
pub mod guides;
pub mod home;
pub mod login;
pub mod not_found;
pub mod reset;
pub mod signup;
pub mod terms;
pub mod workspace;

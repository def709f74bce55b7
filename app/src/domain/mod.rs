//! Domain values: each type parses raw input once into a valid value, with a
//! message a user can act on. Pure code, shared by the browser and the server.

pub mod date;
pub mod email;
pub mod password;

pub use email::Email;
pub use password::Password;
pub mod role;
pub mod signup;

pub use role::Role;
pub mod application;
pub mod business;
pub mod countries;
pub mod logo;
pub mod review;
pub mod text;
